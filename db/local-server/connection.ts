import Database from 'libsql';
import { isBusyError, prepareError } from './errors.ts';
import type { DescribeResult, StmtResult, Value } from './protocol.ts';
import { parseSingleStatement, type BoundStmt } from './stmt.ts';
import type { WriteLock } from './write-lock.ts';

export interface DatabaseFile {
  file: string;
  writeLock: WriteLock;
}

/**
 * One SQLite connection (a Hrana stream owns one). Statements that write first take the
 * database's in-process WriteLock and hold it until the connection is back in autocommit mode,
 * so writers of this server wait for each other here rather than fail inside SQLite.
 */
export class SqlConnection {
  #db: Database.Database;
  /** A statement failed with SQLITE_BUSY: see #settle(). */
  #busyFailed = false;

  constructor(
    private readonly database: DatabaseFile,
    private readonly busyTimeoutMs: number,
  ) {
    this.#db = open(database.file);
  }

  get isAutocommit(): boolean {
    return !this.#db.open || !this.#db.inTransaction;
  }

  async execute(bound: BoundStmt): Promise<StmtResult> {
    if (bound.statement.needsWriteLock) await this.database.writeLock.acquire(this, this.busyTimeoutMs);
    try {
      return this.#executeOnce(bound);
    } catch (e) {
      // SQLITE_BUSY still happens for a stale read snapshot (SQLITE_BUSY_SNAPSHOT) or a lock held
      // by another process.
      if (isBusyError(e)) this.#busyFailed = true;
      throw e;
    } finally {
      this.#settle();
    }
  }

  describe(sql: string): DescribeResult {
    const statement = parseSingleStatement(sql);
    return {
      params: statement.params.map((name) => ({ name })),
      cols: this.#prepare(statement.sql)
        .columns()
        .map((col) => ({ name: col.name, decltype: col.type })),
      isExplain: statement.isExplain,
      isReadonly: statement.isReadonly,
    };
  }

  close(): void {
    if (this.#db.open) {
      // Roll back explicitly: while prepared statements await garbage collection, close() leaves
      // a "zombie" connection that would keep holding the transaction's locks.
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      this.#db.close();
    }
    this.database.writeLock.release(this);
  }

  /** After each statement: in autocommit mode the connection holds no lock and may be replaced. */
  #settle(): void {
    if (!this.isAutocommit) return;
    this.database.writeLock.release(this);
    if (this.#busyFailed && this.#db.open) {
      // The binding never resets a statement that failed with SQLITE_BUSY; SQLite counts it as
      // still running, so later autocommit writes on this connection would never commit. Only a
      // new connection gets rid of it (connection-level state such as TEMP tables is lost).
      this.#db.close();
      this.#db = open(this.database.file);
      this.#busyFailed = false;
    }
  }

  #prepare(sql: string): Database.Statement {
    try {
      return this.#db.prepare(sql);
    } catch (e) {
      throw prepareError(e);
    }
  }

  #executeOnce({ statement, values, wantRows }: BoundStmt): StmtResult {
    const prepared = this.#prepare(statement.sql).safeIntegers(true);
    const cols = prepared.columns().map((col) => ({ name: col.name, decltype: col.type }));
    const rows: Value[][] = [];
    if (prepared.reader) {
      // Always run to completion: INSERT ... RETURNING must write even when rows are not wanted.
      for (const row of prepared.raw(true).iterate(values)) {
        if (wantRows) rows.push(toValues(row));
      }
    } else {
      prepared.run(values);
    }
    if (!statement.isIud) return { cols, rows, affectedRowCount: 0, lastInsertRowid: null };
    // The binding's `run()` result loses last_insert_rowid precision beyond 2^53; ask SQLite.
    const [changes, rowid] = toValues(
      this.#db.prepare('SELECT changes(), last_insert_rowid()').raw(true).safeIntegers(true).all()[0],
    );
    return {
      cols,
      rows,
      affectedRowCount: Number(changes),
      lastInsertRowid: statement.isInsert && typeof rowid === 'bigint' ? rowid : null,
    };
  }
}

function open(file: string): Database.Database {
  // busy_timeout 0: waiting happens in WriteLock, never inside SQLite (which would block the event loop).
  const db = new Database(file, { timeout: 0 });
  // WAL keeps commits safe against crashes; an fsync per commit is not worth it for a dev server.
  db.exec('PRAGMA synchronous = NORMAL');
  return db;
}

function toValues(row: unknown): Value[] {
  if (!Array.isArray(row)) throw new Error('libsql returned a row that is not an array');
  return row.map(toValue);
}

function toValue(cell: unknown): Value {
  if (cell === null || typeof cell === 'bigint' || typeof cell === 'number' || typeof cell === 'string') return cell;
  if (cell instanceof Uint8Array) return cell;
  throw new Error(`libsql returned an unexpected value of type ${typeof cell}`);
}
