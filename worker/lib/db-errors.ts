import { LibsqlError } from '@libsql/client/http';

/**
 * True when an error (or any error in its `cause` chain, as Drizzle wraps driver errors) means
 * the database could not be reached or is overloaded — a 503 the client may retry, not a bug.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof LibsqlError && (e.code === 'SERVER_ERROR' || e.code === 'HRANA_CLOSED_ERROR' || e.code === 'SQLITE_BUSY')) return true;
    if (/Network connection lost|fetch failed|ECONNREFUSED|connection refused|timed out/i.test(e.message)) return true;
  }
  return false;
}

/** True when a write failed on a UNIQUE constraint (anywhere in the `cause` chain Drizzle wraps). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/UNIQUE constraint failed|SQLITE_CONSTRAINT_UNIQUE|SQLITE_CONSTRAINT_PRIMARYKEY/i.test(`${e.message} ${(e as { code?: string }).code ?? ''}`)) return true;
  }
  return false;
}
