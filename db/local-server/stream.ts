import { randomBytes } from 'node:crypto';
import { cursorEntries, executeBatch } from './batch.ts';
import { SqlConnection } from './connection.ts';
import { HttpError, ProtocolError, StmtError, toHranaError } from './errors.ts';
import type { Namespace } from './namespaces.ts';
import type { Batch, CursorEntry, StreamRequest, StreamResponse, StreamResult, Version } from './protocol.ts';
import { parseStatements } from './sql-text.ts';
import { bindArgs, bindStmt, resolveSql } from './stmt.ts';

// sqld's limits on stored SQL texts; `@libsql/client` sizes its SQL cache to stay within them.
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5000;

/** A Hrana stream: one connection plus the SQL texts stored on it. */
export class Stream {
  readonly #sqls = new Map<number, string>();
  #conn: SqlConnection | undefined;

  constructor(
    readonly namespace: Namespace,
    busyTimeoutMs: number,
  ) {
    this.#conn = new SqlConnection(namespace, busyTimeoutMs);
  }

  get closed(): boolean {
    return this.#conn === undefined;
  }

  /** Runs one request; its own failure becomes an error result, a protocol violation is thrown. */
  async handle(request: StreamRequest, version: Version): Promise<StreamResult> {
    try {
      return { type: 'ok', response: await this.#respond(request, version) };
    } catch (e) {
      if (e instanceof HttpError) throw e;
      return { type: 'error', error: toHranaError(e) };
    }
  }

  /** Runs a batch for a cursor; a failure of the whole batch becomes the final `error` entry. */
  async cursor(batch: Batch, version: Version): Promise<CursorEntry[]> {
    try {
      return cursorEntries(await executeBatch(this.#connection(), batch, this.#sqls, version));
    } catch (e) {
      if (e instanceof HttpError) throw e;
      return [{ type: 'error', error: toHranaError(e) }];
    }
  }

  close(): void {
    this.#conn?.close();
    this.#conn = undefined;
  }

  #connection(): SqlConnection {
    if (this.#conn === undefined) throw new ProtocolError('The stream has been closed');
    return this.#conn;
  }

  async #respond(request: StreamRequest, version: Version): Promise<StreamResponse> {
    switch (request.type) {
      case 'close':
        this.close();
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: await this.#connection().execute(bindStmt(request.stmt, this.#sqls)) };
      case 'batch':
        return { type: 'batch', result: await executeBatch(this.#connection(), request.batch, this.#sqls, version) };
      case 'sequence': {
        const conn = this.#connection();
        // One statement at a time, each taking the write lock only if it writes (the binding's
        // exec() would run them all, without the lock).
        for (const statement of parseStatements(resolveSql(request.sql, request.sqlId, this.#sqls))) {
          await conn.execute({ statement, values: bindArgs(statement, [], []), wantRows: false });
        }
        return { type: 'sequence' };
      }
      case 'describe': {
        const sql = resolveSql(request.sql, request.sqlId, this.#sqls);
        return { type: 'describe', result: this.#connection().describe(sql) };
      }
      case 'store_sql':
        this.#storeSql(request.sqlId, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        this.#sqls.delete(request.sqlId);
        return { type: 'close_sql' };
      case 'get_autocommit':
        if (version < 3) throw new ProtocolError('The `get_autocommit` request requires Hrana 3');
        return { type: 'get_autocommit', isAutocommit: this.#connection().isAutocommit };
    }
  }

  #storeSql(sqlId: number, sql: string): void {
    if (this.#sqls.has(sqlId)) throw new ProtocolError(`SQL text with id ${sqlId} is already stored`);
    if (this.#sqls.size >= MAX_STORED_SQLS) {
      throw new StmtError('SQL_STORE_TOO_MANY', `The server already stores ${this.#sqls.size} SQL texts, it cannot store more`);
    }
    const bytes = Buffer.byteLength(sql);
    if (bytes > MAX_STORED_SQL_BYTES) {
      throw new StmtError('SQL_STORE_TOO_LARGE', `The statement is too large to be stored: ${bytes}/${MAX_STORED_SQL_BYTES} bytes`);
    }
    this.#sqls.set(sqlId, sql);
  }
}

interface Parked {
  baton: string;
  idleTimer: NodeJS.Timeout;
}

// Remembered so a late request gets "expired" rather than "invalid baton"; bounded.
const MAX_EXPIRED_BATONS = 10_000;

/**
 * Streams between HTTP requests. Each response hands out a fresh random baton and the next
 * request must present it; a stream being used by a request has no valid baton, so requests on
 * one stream are serialized. Streams idle for `idleMs` are closed, rolling back their transaction.
 */
export class StreamRegistry {
  readonly #open = new Set<Stream>();
  readonly #parked = new Map<Stream, Parked>();
  readonly #byBaton = new Map<string, Stream>();
  readonly #expiredBatons = new Set<string>();

  constructor(
    private readonly idleMs: number,
    private readonly busyTimeoutMs: number,
  ) {}

  open(namespace: Namespace): Stream {
    const stream = new Stream(namespace, this.busyTimeoutMs);
    this.#open.add(stream);
    return stream;
  }

  acquire(baton: string, namespace: Namespace): Stream {
    const stream = this.#byBaton.get(baton);
    if (stream === undefined && this.#expiredBatons.has(baton)) {
      throw new HttpError(400, 'STREAM_EXPIRED', 'The stream has expired due to inactivity');
    }
    if (stream === undefined || stream.namespace !== namespace) {
      throw new HttpError(400, 'BATON_INVALID', 'Invalid baton: no open stream of this database has it (already used, closed or unknown)');
    }
    this.#unpark(stream);
    return stream;
  }

  /** Parks the stream until its next request; returns the baton for it, or null if it is closed. */
  release(stream: Stream): string | null {
    if (stream.closed) {
      this.#open.delete(stream);
      return null;
    }
    const baton = randomBytes(24).toString('base64url');
    const idleTimer = setTimeout(() => this.#expire(stream, baton), this.idleMs).unref();
    this.#parked.set(stream, { baton, idleTimer });
    this.#byBaton.set(baton, stream);
    return baton;
  }

  discard(stream: Stream): void {
    this.#unpark(stream);
    stream.close();
    this.#open.delete(stream);
  }

  closeNamespace(namespace: Namespace): void {
    for (const stream of this.#open) if (stream.namespace === namespace) this.discard(stream);
  }

  closeAll(): void {
    for (const stream of this.#open) this.discard(stream);
  }

  #unpark(stream: Stream): void {
    const parked = this.#parked.get(stream);
    if (parked === undefined) return;
    clearTimeout(parked.idleTimer);
    this.#byBaton.delete(parked.baton);
    this.#parked.delete(stream);
  }

  #expire(stream: Stream, baton: string): void {
    this.discard(stream);
    this.#expiredBatons.add(baton);
    if (this.#expiredBatons.size > MAX_EXPIRED_BATONS) {
      const oldest = this.#expiredBatons.values().next().value;
      if (oldest !== undefined) this.#expiredBatons.delete(oldest);
    }
  }
}
