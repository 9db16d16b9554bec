/**
 * The JSON encoding of Hrana (`/v2/*`, `/v3/*`). Decoding validates shapes: a malformed body is a
 * protocol error. Unknown fields are ignored, as the spec requires.
 */
import { ProtocolError } from './errors.ts';
import {
  I64_MAX,
  I64_MIN,
  type Batch,
  type BatchCond,
  type BatchResult,
  type Col,
  type CursorEntry,
  type CursorReqBody,
  type CursorRespBody,
  type DescribeResult,
  type HranaError,
  type PipelineReqBody,
  type PipelineRespBody,
  type Stmt,
  type StmtResult,
  type StreamRequest,
  type StreamResponse,
  type StreamResult,
  type Value,
} from './protocol.ts';

type JsonObject = Record<string, unknown>;

export function decodePipelineReqBody(json: unknown): PipelineReqBody {
  const body = object(json, 'PipelineReqBody');
  return {
    baton: optString(body.baton, 'baton') ?? null,
    requests: array(body.requests, 'requests').map(decodeStreamRequest),
  };
}

export function decodeCursorReqBody(json: unknown): CursorReqBody {
  const body = object(json, 'CursorReqBody');
  return { baton: optString(body.baton, 'baton') ?? null, batch: decodeBatch(body.batch) };
}

function decodeStreamRequest(json: unknown): StreamRequest {
  const req = object(json, 'StreamRequest');
  const type = string(req.type, 'StreamRequest.type');
  switch (type) {
    case 'close':
    case 'get_autocommit':
      return { type };
    case 'execute':
      return { type, stmt: decodeStmt(req.stmt) };
    case 'batch':
      return { type, batch: decodeBatch(req.batch) };
    case 'sequence':
    case 'describe':
      return { type, sql: optString(req.sql, 'sql'), sqlId: optInt32(req.sql_id, 'sql_id') };
    case 'store_sql':
      return { type, sqlId: int32(req.sql_id, 'sql_id'), sql: string(req.sql, 'sql') };
    case 'close_sql':
      return { type, sqlId: int32(req.sql_id, 'sql_id') };
    default:
      throw new ProtocolError(`Unknown StreamRequest type ${JSON.stringify(type)}`);
  }
}

function decodeStmt(json: unknown): Stmt {
  const stmt = object(json, 'Stmt');
  return {
    sql: optString(stmt.sql, 'Stmt.sql'),
    sqlId: optInt32(stmt.sql_id, 'Stmt.sql_id'),
    args: optArray(stmt.args, 'Stmt.args').map(decodeValue),
    namedArgs: optArray(stmt.named_args, 'Stmt.named_args').map((item) => {
      const arg = object(item, 'NamedArg');
      return { name: string(arg.name, 'NamedArg.name'), value: decodeValue(arg.value) };
    }),
    wantRows: stmt.want_rows == null ? true : boolean(stmt.want_rows, 'Stmt.want_rows'),
  };
}

function decodeBatch(json: unknown): Batch {
  const batch = object(json, 'Batch');
  return {
    steps: array(batch.steps, 'Batch.steps').map((item) => {
      const step = object(item, 'BatchStep');
      return {
        condition: step.condition == null ? undefined : decodeCond(step.condition),
        stmt: decodeStmt(step.stmt),
      };
    }),
  };
}

function decodeCond(json: unknown): BatchCond {
  const cond = object(json, 'BatchCond');
  const type = string(cond.type, 'BatchCond.type');
  switch (type) {
    case 'ok':
    case 'error':
      return { type, step: uint32(cond.step, 'BatchCond.step') };
    case 'not':
      return { type, cond: decodeCond(cond.cond) };
    case 'and':
    case 'or':
      return { type, conds: array(cond.conds, 'BatchCond.conds').map(decodeCond) };
    case 'is_autocommit':
      return { type };
    default:
      throw new ProtocolError(`Unknown BatchCond type ${JSON.stringify(type)}`);
  }
}

function decodeValue(json: unknown): Value {
  const value = object(json, 'Value');
  const type = string(value.type, 'Value.type');
  switch (type) {
    case 'null':
      return null;
    case 'integer': {
      const text = string(value.value, 'integer Value.value');
      const int = /^-?\d+$/.test(text) ? BigInt(text) : undefined;
      if (int === undefined || int < I64_MIN || int > I64_MAX) {
        throw new ProtocolError(`Integer value ${JSON.stringify(text)} is not a 64-bit signed integer`);
      }
      return int;
    }
    case 'float':
      if (typeof value.value !== 'number') throw new ProtocolError('Float value must be a JSON number');
      return value.value;
    case 'text':
      return string(value.value, 'text Value.value');
    case 'blob': {
      const base64 = string(value.base64, 'blob Value.base64');
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64)) throw new ProtocolError('Blob value is not valid base64');
      return new Uint8Array(Buffer.from(base64, 'base64'));
    }
    default:
      throw new ProtocolError(`Unknown Value type ${JSON.stringify(type)}`);
  }
}

export function encodePipelineRespBody(body: PipelineRespBody): JsonObject {
  return { baton: body.baton, base_url: body.baseUrl, results: body.results.map(encodeStreamResult) };
}

export function encodeCursorRespBody(body: CursorRespBody): JsonObject {
  return { baton: body.baton, base_url: body.baseUrl };
}

export function encodeCursorEntry(entry: CursorEntry): JsonObject {
  switch (entry.type) {
    case 'step_begin':
      return { type: entry.type, step: entry.step, cols: entry.cols.map(encodeCol) };
    case 'step_end':
      return {
        type: entry.type,
        affected_row_count: entry.affectedRowCount,
        last_insert_rowid: encodeRowid(entry.lastInsertRowid),
      };
    case 'step_error':
      return { type: entry.type, step: entry.step, error: encodeError(entry.error) };
    case 'row':
      return { type: entry.type, row: entry.row.map(encodeValue) };
    case 'error':
      return { type: entry.type, error: encodeError(entry.error) };
  }
}

function encodeStreamResult(result: StreamResult): JsonObject {
  return result.type === 'ok'
    ? { type: 'ok', response: encodeStreamResponse(result.response) }
    : { type: 'error', error: encodeError(result.error) };
}

function encodeStreamResponse(response: StreamResponse): JsonObject {
  switch (response.type) {
    case 'close':
    case 'sequence':
    case 'store_sql':
    case 'close_sql':
      return { type: response.type };
    case 'execute':
      return { type: response.type, result: encodeStmtResult(response.result) };
    case 'batch':
      return { type: response.type, result: encodeBatchResult(response.result) };
    case 'describe':
      return { type: response.type, result: encodeDescribeResult(response.result) };
    case 'get_autocommit':
      return { type: response.type, is_autocommit: response.isAutocommit };
  }
}

function encodeStmtResult(result: StmtResult): JsonObject {
  return {
    cols: result.cols.map(encodeCol),
    rows: result.rows.map((row) => row.map(encodeValue)),
    affected_row_count: result.affectedRowCount,
    last_insert_rowid: encodeRowid(result.lastInsertRowid),
  };
}

function encodeBatchResult(result: BatchResult): JsonObject {
  return {
    step_results: result.stepResults.map((r) => (r === null ? null : encodeStmtResult(r))),
    step_errors: result.stepErrors.map((e) => (e === null ? null : encodeError(e))),
  };
}

function encodeDescribeResult(result: DescribeResult): JsonObject {
  return {
    params: result.params,
    cols: result.cols,
    is_explain: result.isExplain,
    is_readonly: result.isReadonly,
  };
}

function encodeCol(col: Col): JsonObject {
  return { name: col.name, decltype: col.decltype };
}

export function encodeError(error: HranaError): JsonObject {
  return { message: error.message, code: error.code };
}

function encodeRowid(rowid: bigint | null): string | null {
  return rowid === null ? null : rowid.toString();
}

function encodeValue(value: Value): JsonObject {
  if (value === null) return { type: 'null' };
  switch (typeof value) {
    case 'bigint':
      return { type: 'integer', value: value.toString() };
    case 'number':
      return { type: 'float', value };
    case 'string':
      return { type: 'text', value };
    default:
      return { type: 'blob', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
}

function object(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`Expected ${what} to be a JSON object`);
  }
  return value as JsonObject;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ProtocolError(`Expected ${what} to be a JSON array`);
  return value;
}

function optArray(value: unknown, what: string): unknown[] {
  return value == null ? [] : array(value, what);
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ProtocolError(`Expected ${what} to be a string`);
  return value;
}

function optString(value: unknown, what: string): string | undefined {
  return value == null ? undefined : string(value, what);
}

function boolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new ProtocolError(`Expected ${what} to be a boolean`);
  return value;
}

function int32(value: unknown, what: string): number {
  if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31) {
    throw new ProtocolError(`Expected ${what} to be a 32-bit integer`);
  }
  return value as number;
}

function optInt32(value: unknown, what: string): number | undefined {
  return value == null ? undefined : int32(value, what);
}

function uint32(value: unknown, what: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= 2 ** 32) {
    throw new ProtocolError(`Expected ${what} to be an unsigned 32-bit integer`);
  }
  return value as number;
}
