/** Protocol Buffers wire format (https://protobuf.dev/programming-guides/encoding/), just what Hrana needs. */
import { ProtocolError } from './errors.ts';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** One decoded field, before it is interpreted by the message's schema. */
export type Field =
  | { wire: typeof VARINT; value: bigint }
  | { wire: typeof FIXED64 | typeof LENGTH_DELIMITED | typeof FIXED32; bytes: Uint8Array };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Calls `onField` for every field of the message in `data`, in wire order. */
export function readFields(data: Uint8Array, onField: (tag: number, field: Field) => void): void {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = data[pos++];
      if (byte === undefined) throw new ProtocolError('Truncated Protobuf varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtocolError('Protobuf varint is too long');
  };
  const take = (length: number): Uint8Array => {
    if (pos + length > data.length) throw new ProtocolError('Truncated Protobuf message');
    pos += length;
    return data.subarray(pos - length, pos);
  };
  while (pos < data.length) {
    const key = varint();
    const tag = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === VARINT) onField(tag, { wire, value: varint() });
    else if (wire === FIXED64) onField(tag, { wire, bytes: take(8) });
    else if (wire === LENGTH_DELIMITED) onField(tag, { wire, bytes: take(Number(varint())) });
    else if (wire === FIXED32) onField(tag, { wire, bytes: take(4) });
    else throw new ProtocolError(`Unsupported Protobuf wire type ${wire}`);
  }
}

function varintOf(field: Field): bigint {
  if (field.wire !== VARINT) throw new ProtocolError('Expected a Protobuf varint field');
  return field.value;
}

export function bytesOf(field: Field): Uint8Array {
  if (field.wire !== LENGTH_DELIMITED) throw new ProtocolError('Expected a length-delimited Protobuf field');
  return field.bytes;
}

export function stringOf(field: Field): string {
  try {
    return utf8.decode(bytesOf(field));
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError('Protobuf string is not valid UTF-8');
  }
}

export function int32Of(field: Field): number {
  return Number(BigInt.asIntN(32, varintOf(field)));
}

export function uint32Of(field: Field): number {
  return Number(BigInt.asUintN(32, varintOf(field)));
}

export function boolOf(field: Field): boolean {
  return varintOf(field) !== 0n;
}

export function sint64Of(field: Field): bigint {
  const zigzag = varintOf(field);
  return BigInt.asIntN(64, (zigzag >> 1n) ^ -(zigzag & 1n));
}

export function doubleOf(field: Field): number {
  if (field.wire !== FIXED64) throw new ProtocolError('Expected a 64-bit Protobuf field');
  return new DataView(field.bytes.buffer, field.bytes.byteOffset, 8).getFloat64(0, true);
}

/** Builds one message; nested messages are built by their own writer and embedded as bytes. */
export class ProtoWriter {
  #buf = new Uint8Array(64);
  #len = 0;

  uint32(tag: number, value: number): this {
    return this.uint64(tag, BigInt(value));
  }

  uint64(tag: number, value: bigint): this {
    this.#key(tag, VARINT);
    this.#varint(value);
    return this;
  }

  sint64(tag: number, value: bigint): this {
    return this.uint64(tag, BigInt.asUintN(64, (value << 1n) ^ (value >> 63n)));
  }

  bool(tag: number, value: boolean): this {
    return this.uint64(tag, value ? 1n : 0n);
  }

  double(tag: number, value: number): this {
    this.#key(tag, FIXED64);
    this.#reserve(8);
    new DataView(this.#buf.buffer).setFloat64(this.#len, value, true);
    this.#len += 8;
    return this;
  }

  bytes(tag: number, value: Uint8Array): this {
    this.#key(tag, LENGTH_DELIMITED);
    this.#varint(BigInt(value.length));
    this.#append(value);
    return this;
  }

  string(tag: number, value: string): this {
    return this.bytes(tag, utf8Encoder.encode(value));
  }

  message(tag: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(tag, inner.finish());
  }

  finish(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** The message prefixed with its varint length, as cursor responses frame items. */
  finishDelimited(): Uint8Array {
    const framed = new ProtoWriter();
    framed.#varint(BigInt(this.#len));
    framed.#append(this.finish());
    return framed.finish();
  }

  #key(tag: number, wire: number): void {
    this.#varint(BigInt((tag << 3) | wire));
  }

  #varint(value: bigint): void {
    this.#reserve(10);
    let rest = value;
    do {
      const byte = Number(rest & 0x7fn);
      rest >>= 7n;
      this.#buf[this.#len++] = rest === 0n ? byte : byte | 0x80;
    } while (rest !== 0n);
  }

  #append(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
  }

  #reserve(extra: number): void {
    if (this.#len + extra <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#buf.subarray(0, this.#len));
    this.#buf = grown;
  }
}
