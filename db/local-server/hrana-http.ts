/** The Hrana-over-HTTP endpoints: `pipeline` and `cursor`, in both encodings. */
import { ProtocolError } from './errors.ts';
import * as json from './json-codec.ts';
import type { Namespace } from './namespaces.ts';
import * as protobuf from './protobuf-codec.ts';
import type { CursorEntry, CursorReqBody, Encoding, PipelineReqBody, StreamResult, Version } from './protocol.ts';
import type { Stream, StreamRegistry } from './stream.ts';

export interface HttpReply {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

export interface HranaEndpoint {
  version: Version;
  encoding: Encoding;
}

/** Path segment → protocol, as clients probe and use them (`GET v3-protobuf`, `POST v3-protobuf/pipeline`). */
export const HRANA_ENDPOINTS: Readonly<Record<string, HranaEndpoint>> = {
  v2: { version: 2, encoding: 'json' },
  v3: { version: 3, encoding: 'json' },
  'v3-protobuf': { version: 3, encoding: 'protobuf' },
};

export async function handlePipeline(
  streams: StreamRegistry,
  namespace: Namespace,
  body: Buffer,
  { version, encoding }: HranaEndpoint,
): Promise<HttpReply> {
  const request: PipelineReqBody =
    encoding === 'json' ? json.decodePipelineReqBody(parseJson(body)) : protobuf.decodePipelineReqBody(body);
  const stream = openOrAcquire(streams, namespace, request.baton);
  const results: StreamResult[] = [];
  try {
    for (const streamRequest of request.requests) results.push(await stream.handle(streamRequest, version));
  } catch (e) {
    streams.discard(stream);
    throw e;
  }
  const response = { baton: streams.release(stream), baseUrl: null, results };
  return encoding === 'json'
    ? { status: 200, contentType: 'application/json', body: JSON.stringify(json.encodePipelineRespBody(response)) }
    : { status: 200, contentType: 'application/x-protobuf', body: protobuf.encodePipelineRespBody(response) };
}

/**
 * Runs the whole batch, then sends the cursor body in one go: the engine is synchronous and
 * in-process, so streaming entries while executing would gain nothing.
 */
export async function handleCursor(
  streams: StreamRegistry,
  namespace: Namespace,
  body: Buffer,
  { version, encoding }: HranaEndpoint,
): Promise<HttpReply> {
  if (version < 3) throw new ProtocolError('Cursors require Hrana 3');
  const request: CursorReqBody =
    encoding === 'json' ? json.decodeCursorReqBody(parseJson(body)) : protobuf.decodeCursorReqBody(body);
  const stream = openOrAcquire(streams, namespace, request.baton);
  let entries: CursorEntry[];
  try {
    entries = await stream.cursor(request.batch, version);
  } catch (e) {
    streams.discard(stream);
    throw e;
  }
  const head = { baton: streams.release(stream), baseUrl: null };
  if (encoding === 'json') {
    const lines = [json.encodeCursorRespBody(head), ...entries.map(json.encodeCursorEntry)];
    return { status: 200, contentType: 'text/plain', body: lines.map((line) => `${JSON.stringify(line)}\n`).join('') };
  }
  const items = [protobuf.encodeCursorRespBody(head), ...entries.map(protobuf.encodeCursorEntry)];
  return { status: 200, contentType: 'application/octet-stream', body: Buffer.concat(items) };
}

function openOrAcquire(streams: StreamRegistry, namespace: Namespace, baton: string | null): Stream {
  return baton === null ? streams.open(namespace) : streams.acquire(baton, namespace);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ProtocolError('Request body is not valid JSON');
  }
}
