import { StmtError } from './errors.ts';

interface Waiter {
  owner: object;
  grant: () => void;
}

/**
 * The right to write one database, held by one connection at a time, waited for asynchronously
 * (first come, first served). It stands in for SQLite's busy handling, which cannot work here:
 * `libsql` is synchronous, so a busy wait would block the event loop that must serve the lock
 * holder's COMMIT, and a statement that fails with SQLITE_BUSY is left half-run by the binding.
 */
export class WriteLock {
  #owner: object | undefined;
  readonly #queue: Waiter[] = [];

  /** Resolves once `owner` holds the lock; rejects with SQLITE_BUSY after `timeoutMs`. */
  async acquire(owner: object, timeoutMs: number): Promise<void> {
    if (this.#owner === owner) return;
    if (this.#owner === undefined) {
      this.#owner = owner;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        owner,
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(new StmtError('SQLITE_BUSY', 'SQLite error: database is locked'));
      }, timeoutMs).unref();
      this.#queue.push(waiter);
    });
  }

  release(owner: object): void {
    if (this.#owner !== owner) return;
    const next = this.#queue.shift();
    this.#owner = next?.owner;
    next?.grant();
  }
}
