import Database from 'libsql';
import type { HranaError } from './protocol.ts';

/** A failure answered with an HTTP error status and a JSON `{message, code}` body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request breaks the Hrana protocol; like sqld, the stream is dropped and HTTP 400 returned. */
export class ProtocolError extends HttpError {
  constructor(message: string) {
    super(400, 'HRANA_PROTO_ERROR', message);
  }
}

/** An error of one stream request or batch step, reported inside a successful HTTP response. */
export class StmtError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Primary result codes (https://sqlite.org/rescode.html). sqld reports the primary code, not the
// extended one (SQLITE_CONSTRAINT, not SQLITE_CONSTRAINT_UNIQUE); so does `@libsql/client` for
// local files, so application code sees the same `code` everywhere.
const PRIMARY_CODES = [
  'SQLITE_OK', 'SQLITE_ERROR', 'SQLITE_INTERNAL', 'SQLITE_PERM', 'SQLITE_ABORT', 'SQLITE_BUSY',
  'SQLITE_LOCKED', 'SQLITE_NOMEM', 'SQLITE_READONLY', 'SQLITE_INTERRUPT', 'SQLITE_IOERR',
  'SQLITE_CORRUPT', 'SQLITE_NOTFOUND', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL',
  'SQLITE_EMPTY', 'SQLITE_SCHEMA', 'SQLITE_TOOBIG', 'SQLITE_CONSTRAINT', 'SQLITE_MISMATCH',
  'SQLITE_MISUSE', 'SQLITE_NOLFS', 'SQLITE_AUTH', 'SQLITE_FORMAT', 'SQLITE_RANGE', 'SQLITE_NOTADB',
  'SQLITE_NOTICE', 'SQLITE_WARNING',
];

const SQLITE_ERROR = 1;
const SQLITE_BUSY = 5;

export type SqliteError = InstanceType<typeof Database.SqliteError>;

export function isSqliteError(e: unknown): e is SqliteError {
  return e instanceof Database.SqliteError;
}

function primaryCode(e: SqliteError): number | undefined {
  return e.rawCode === undefined ? undefined : e.rawCode & 0xff;
}

/** SQLITE_BUSY or one of its extended codes (SQLITE_BUSY_SNAPSHOT, ...). */
export function isBusyError(e: unknown): boolean {
  return isSqliteError(e) && primaryCode(e) === SQLITE_BUSY;
}

/** Errors raised while compiling SQL, worded like sqld's (which parses before SQLite runs). */
export function prepareError(e: unknown): unknown {
  if (!isSqliteError(e) || primaryCode(e) !== SQLITE_ERROR) return e;
  if (/syntax error|incomplete input|unrecognized token/.test(e.message)) {
    return new StmtError('SQL_PARSE_ERROR', `SQL string could not be parsed: ${e.message}`);
  }
  return new StmtError('SQL_INPUT_ERROR', `SQL input error: ${e.message}`);
}

export function toHranaError(e: unknown): HranaError {
  if (e instanceof StmtError) return { message: e.message, code: e.code };
  if (isSqliteError(e)) {
    const primary = primaryCode(e);
    const code = (primary !== undefined && PRIMARY_CODES[primary]) || e.code;
    return { message: `SQLite error: ${e.message}`, code };
  }
  return { message: e instanceof Error ? e.message : String(e), code: 'INTERNAL_ERROR' };
}
