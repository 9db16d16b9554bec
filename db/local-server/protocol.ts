/**
 * Hrana protocol structures (HRANA_3_SPEC.md, "Hrana over HTTP" + "Shared structures"), in the
 * in-memory form both encodings (JSON and Protobuf) decode into and encode from.
 */

/** SQLite value: integers are `bigint` so the full 64-bit range survives. */
export type Value = null | bigint | number | string | Uint8Array;

export type Version = 2 | 3;
export type Encoding = 'json' | 'protobuf';

export interface HranaError {
  message: string;
  code: string;
}

export interface NamedArg {
  name: string;
  value: Value;
}

export interface Stmt {
  sql: string | undefined;
  sqlId: number | undefined;
  args: Value[];
  namedArgs: NamedArg[];
  wantRows: boolean;
}

export type BatchCond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and'; conds: BatchCond[] }
  | { type: 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };

export interface BatchStep {
  condition: BatchCond | undefined;
  stmt: Stmt;
}

export interface Batch {
  steps: BatchStep[];
}

export type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: Batch }
  | { type: 'sequence'; sql: string | undefined; sqlId: number | undefined }
  | { type: 'describe'; sql: string | undefined; sqlId: number | undefined }
  | { type: 'store_sql'; sqlId: number; sql: string }
  | { type: 'close_sql'; sqlId: number }
  | { type: 'get_autocommit' };

export interface Col {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: Col[];
  rows: Value[][];
  affectedRowCount: number;
  lastInsertRowid: bigint | null;
}

/** Index i holds the result or the error of step i; both are null for a skipped step. */
export interface BatchResult {
  stepResults: (StmtResult | null)[];
  stepErrors: (HranaError | null)[];
}

export interface DescribeResult {
  params: { name: string | null }[];
  cols: { name: string; decltype: string | null }[];
  isExplain: boolean;
  isReadonly: boolean;
}

export type StreamResponse =
  | { type: 'close' }
  | { type: 'execute'; result: StmtResult }
  | { type: 'batch'; result: BatchResult }
  | { type: 'sequence' }
  | { type: 'describe'; result: DescribeResult }
  | { type: 'store_sql' }
  | { type: 'close_sql' }
  | { type: 'get_autocommit'; isAutocommit: boolean };

export type StreamResult = { type: 'ok'; response: StreamResponse } | { type: 'error'; error: HranaError };

export interface PipelineReqBody {
  baton: string | null;
  requests: StreamRequest[];
}

export interface PipelineRespBody {
  baton: string | null;
  baseUrl: string | null;
  results: StreamResult[];
}

export interface CursorReqBody {
  baton: string | null;
  batch: Batch;
}

export interface CursorRespBody {
  baton: string | null;
  baseUrl: string | null;
}

export type CursorEntry =
  | { type: 'step_begin'; step: number; cols: Col[] }
  | { type: 'step_end'; affectedRowCount: number; lastInsertRowid: bigint | null }
  | { type: 'step_error'; step: number; error: HranaError }
  | { type: 'row'; row: Value[] }
  | { type: 'error'; error: HranaError };

/** Hrana integers are signed 64-bit; anything outside is a protocol violation, not a value. */
export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
