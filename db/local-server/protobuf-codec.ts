/** The Protobuf encoding of Hrana 3 (`/v3-protobuf/*`), per the schema in HRANA_3_SPEC.md. */
import { ProtocolError } from './errors.ts';
import type {
  Batch,
  BatchCond,
  BatchResult,
  Col,
  CursorEntry,
  CursorReqBody,
  CursorRespBody,
  DescribeResult,
  HranaError,
  PipelineReqBody,
  PipelineRespBody,
  Stmt,
  StmtResult,
  StreamRequest,
  StreamResponse,
  StreamResult,
  Value,
} from './protocol.ts';
import {
  boolOf,
  bytesOf,
  doubleOf,
  int32Of,
  ProtoWriter,
  readFields,
  sint64Of,
  stringOf,
  uint32Of,
} from './protobuf-wire.ts';

export function decodePipelineReqBody(data: Uint8Array): PipelineReqBody {
  const body: PipelineReqBody = { baton: null, requests: [] };
  readFields(data, (tag, field) => {
    if (tag === 1) body.baton = stringOf(field);
    else if (tag === 2) body.requests.push(decodeStreamRequest(bytesOf(field)));
  });
  return body;
}

export function decodeCursorReqBody(data: Uint8Array): CursorReqBody {
  const body: CursorReqBody = { baton: null, batch: { steps: [] } };
  readFields(data, (tag, field) => {
    if (tag === 1) body.baton = stringOf(field);
    else if (tag === 2) body.batch = decodeBatch(bytesOf(field));
  });
  return body;
}

/** Bytes of sub-message `tag`; an absent message reads as all defaults, i.e. empty. */
function subMessage(data: Uint8Array, tag: number): Uint8Array {
  let found: Uint8Array = new Uint8Array(0);
  readFields(data, (t, field) => {
    if (t === tag) found = bytesOf(field);
  });
  return found;
}

function decodeSqlRef(data: Uint8Array): { sql: string | undefined; sqlId: number | undefined } {
  const ref: { sql: string | undefined; sqlId: number | undefined } = { sql: undefined, sqlId: undefined };
  readFields(data, (tag, field) => {
    if (tag === 1) ref.sql = stringOf(field);
    else if (tag === 2) ref.sqlId = int32Of(field);
  });
  return ref;
}

function decodeStreamRequest(data: Uint8Array): StreamRequest {
  let request: StreamRequest | undefined;
  readFields(data, (tag, field) => {
    switch (tag) {
      case 1:
        request = { type: 'close' };
        break;
      case 2:
        request = { type: 'execute', stmt: decodeStmt(subMessage(bytesOf(field), 1)) };
        break;
      case 3:
        request = { type: 'batch', batch: decodeBatch(subMessage(bytesOf(field), 1)) };
        break;
      case 4:
        request = { type: 'sequence', ...decodeSqlRef(bytesOf(field)) };
        break;
      case 5:
        request = { type: 'describe', ...decodeSqlRef(bytesOf(field)) };
        break;
      case 6: {
        const store = { type: 'store_sql' as const, sqlId: 0, sql: '' };
        readFields(bytesOf(field), (t, f) => {
          if (t === 1) store.sqlId = int32Of(f);
          else if (t === 2) store.sql = stringOf(f);
        });
        request = store;
        break;
      }
      case 7: {
        const close = { type: 'close_sql' as const, sqlId: 0 };
        readFields(bytesOf(field), (t, f) => {
          if (t === 1) close.sqlId = int32Of(f);
        });
        request = close;
        break;
      }
      case 8:
        request = { type: 'get_autocommit' };
        break;
    }
  });
  if (request === undefined) throw new ProtocolError('StreamRequest has no known request');
  return request;
}

function decodeStmt(data: Uint8Array): Stmt {
  const stmt: Stmt = { sql: undefined, sqlId: undefined, args: [], namedArgs: [], wantRows: true };
  readFields(data, (tag, field) => {
    if (tag === 1) stmt.sql = stringOf(field);
    else if (tag === 2) stmt.sqlId = int32Of(field);
    else if (tag === 3) stmt.args.push(decodeValue(bytesOf(field)));
    else if (tag === 4) stmt.namedArgs.push(decodeNamedArg(bytesOf(field)));
    else if (tag === 5) stmt.wantRows = boolOf(field);
  });
  return stmt;
}

function decodeNamedArg(data: Uint8Array): Stmt['namedArgs'][number] {
  let name = '';
  let value: Value | undefined;
  readFields(data, (tag, field) => {
    if (tag === 1) name = stringOf(field);
    else if (tag === 2) value = decodeValue(bytesOf(field));
  });
  if (value === undefined) throw new ProtocolError(`Named argument ${JSON.stringify(name)} has no value`);
  return { name, value };
}

function decodeValue(data: Uint8Array): Value {
  let value: Value | undefined;
  readFields(data, (tag, field) => {
    if (tag === 1) value = null;
    else if (tag === 2) value = sint64Of(field);
    else if (tag === 3) value = doubleOf(field);
    else if (tag === 4) value = stringOf(field);
    else if (tag === 5) value = bytesOf(field);
  });
  if (value === undefined) throw new ProtocolError('Value has no known value');
  return value;
}

function decodeBatch(data: Uint8Array): Batch {
  const batch: Batch = { steps: [] };
  readFields(data, (tag, field) => {
    if (tag !== 1) return;
    const step: Batch['steps'][number] = { condition: undefined, stmt: decodeStmt(new Uint8Array(0)) };
    readFields(bytesOf(field), (t, f) => {
      if (t === 1) step.condition = decodeCond(bytesOf(f));
      else if (t === 2) step.stmt = decodeStmt(bytesOf(f));
    });
    batch.steps.push(step);
  });
  return batch;
}

function decodeCond(data: Uint8Array): BatchCond {
  let cond: BatchCond | undefined;
  const condList = (bytes: Uint8Array): BatchCond[] => {
    const conds: BatchCond[] = [];
    readFields(bytes, (tag, field) => {
      if (tag === 1) conds.push(decodeCond(bytesOf(field)));
    });
    return conds;
  };
  readFields(data, (tag, field) => {
    if (tag === 1) cond = { type: 'ok', step: uint32Of(field) };
    else if (tag === 2) cond = { type: 'error', step: uint32Of(field) };
    else if (tag === 3) cond = { type: 'not', cond: decodeCond(bytesOf(field)) };
    else if (tag === 4) cond = { type: 'and', conds: condList(bytesOf(field)) };
    else if (tag === 5) cond = { type: 'or', conds: condList(bytesOf(field)) };
    else if (tag === 6) cond = { type: 'is_autocommit' };
  });
  if (cond === undefined) throw new ProtocolError('BatchCond has no known condition');
  return cond;
}

export function encodePipelineRespBody(body: PipelineRespBody): Uint8Array {
  const w = new ProtoWriter();
  if (body.baton !== null) w.string(1, body.baton);
  if (body.baseUrl !== null) w.string(2, body.baseUrl);
  for (const result of body.results) w.message(3, (m) => writeStreamResult(m, result));
  return w.finish();
}

/** Cursor responses are a sequence of length-delimited messages. */
export function encodeCursorRespBody(body: CursorRespBody): Uint8Array {
  const w = new ProtoWriter();
  if (body.baton !== null) w.string(1, body.baton);
  if (body.baseUrl !== null) w.string(2, body.baseUrl);
  return w.finishDelimited();
}

export function encodeCursorEntry(entry: CursorEntry): Uint8Array {
  const w = new ProtoWriter();
  switch (entry.type) {
    case 'step_begin':
      w.message(1, (m) => {
        m.uint32(1, entry.step);
        for (const col of entry.cols) m.message(2, (c) => writeCol(c, col));
      });
      break;
    case 'step_end':
      w.message(2, (m) => {
        m.uint64(1, BigInt(entry.affectedRowCount));
        if (entry.lastInsertRowid !== null) m.sint64(2, entry.lastInsertRowid);
      });
      break;
    case 'step_error':
      w.message(3, (m) => m.uint32(1, entry.step).message(2, (e) => writeError(e, entry.error)));
      break;
    case 'row':
      w.message(4, (m) => writeRow(m, entry.row));
      break;
    case 'error':
      w.message(5, (e) => writeError(e, entry.error));
      break;
  }
  return w.finishDelimited();
}

function writeStreamResult(w: ProtoWriter, result: StreamResult): void {
  if (result.type === 'ok') w.message(1, (m) => writeStreamResponse(m, result.response));
  else w.message(2, (m) => writeError(m, result.error));
}

function writeStreamResponse(w: ProtoWriter, response: StreamResponse): void {
  const empty = (): void => {};
  switch (response.type) {
    case 'close':
      w.message(1, empty);
      break;
    case 'execute':
      w.message(2, (m) => m.message(1, (r) => writeStmtResult(r, response.result)));
      break;
    case 'batch':
      w.message(3, (m) => m.message(1, (r) => writeBatchResult(r, response.result)));
      break;
    case 'sequence':
      w.message(4, empty);
      break;
    case 'describe':
      w.message(5, (m) => m.message(1, (r) => writeDescribeResult(r, response.result)));
      break;
    case 'store_sql':
      w.message(6, empty);
      break;
    case 'close_sql':
      w.message(7, empty);
      break;
    case 'get_autocommit':
      w.message(8, (m) => m.bool(1, response.isAutocommit));
      break;
  }
}

function writeStmtResult(w: ProtoWriter, result: StmtResult): void {
  for (const col of result.cols) w.message(1, (c) => writeCol(c, col));
  for (const row of result.rows) w.message(2, (r) => writeRow(r, row));
  w.uint64(3, BigInt(result.affectedRowCount));
  if (result.lastInsertRowid !== null) w.sint64(4, result.lastInsertRowid);
}

function writeBatchResult(w: ProtoWriter, result: BatchResult): void {
  // map<uint32, StmtResult> and map<uint32, Error>: entries with key = 1, value = 2.
  result.stepResults.forEach((stepResult, step) => {
    if (stepResult) w.message(1, (e) => e.uint32(1, step).message(2, (r) => writeStmtResult(r, stepResult)));
  });
  result.stepErrors.forEach((error, step) => {
    if (error) w.message(2, (e) => e.uint32(1, step).message(2, (m) => writeError(m, error)));
  });
}

function writeDescribeResult(w: ProtoWriter, result: DescribeResult): void {
  for (const param of result.params) {
    w.message(1, (p) => {
      if (param.name !== null) p.string(1, param.name);
    });
  }
  for (const col of result.cols) {
    w.message(2, (c) => {
      c.string(1, col.name);
      if (col.decltype !== null) c.string(2, col.decltype);
    });
  }
  w.bool(3, result.isExplain).bool(4, result.isReadonly);
}

function writeCol(w: ProtoWriter, col: Col): void {
  if (col.name !== null) w.string(1, col.name);
  if (col.decltype !== null) w.string(2, col.decltype);
}

function writeRow(w: ProtoWriter, row: Value[]): void {
  for (const value of row) w.message(1, (v) => writeValue(v, value));
}

function writeValue(w: ProtoWriter, value: Value): void {
  if (value === null) w.message(1, () => {});
  else if (typeof value === 'bigint') w.sint64(2, value);
  else if (typeof value === 'number') w.double(3, value);
  else if (typeof value === 'string') w.string(4, value);
  else w.bytes(5, value);
}

function writeError(w: ProtoWriter, error: HranaError): void {
  w.string(1, error.message).string(2, error.code);
}
