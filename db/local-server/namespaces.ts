import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { HttpError } from './errors.ts';
import { WriteLock } from './write-lock.ts';

export const DEFAULT_NAMESPACE = 'default';
const NAME_PATTERN = /^[a-z0-9_-]{1,64}$/;

export function isValidNamespaceName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/**
 * One database file. The namespace keeps an "anchor" connection open for its lifetime: it puts
 * the file in WAL mode, spares stream connections the checkpoint-and-delete of the WAL that
 * closing the last connection triggers, and takes consistent copies.
 */
export class Namespace {
  readonly writeLock = new WriteLock();
  readonly #anchor: Database.Database;

  constructor(
    readonly name: string,
    readonly file: string,
  ) {
    this.#anchor = new Database(file, { timeout: 0 });
    this.#anchor.exec('PRAGMA journal_mode = WAL');
  }

  /** Copies the committed state (open transactions of other connections are not included). */
  copyTo(file: string): void {
    this.#anchor.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  }

  close(): void {
    if (this.#anchor.open) this.#anchor.close();
  }
}

/** Databases by name: `default` is `<dataDir>/local.db`, others `<dataDir>/namespaces/<name>.db`. */
export class NamespaceRegistry {
  readonly #open = new Map<string, Namespace>();

  constructor(private readonly dataDir: string) {
    mkdirSync(join(dataDir, 'namespaces'), { recursive: true });
    this.#openFile(DEFAULT_NAMESPACE);
  }

  /** The namespace, opening its file if it exists on disk (e.g. created by an earlier run). */
  get(name: string): Namespace | undefined {
    const open = this.#open.get(name);
    if (open !== undefined) return open;
    if (!isValidNamespaceName(name) || !existsSync(this.#fileOf(name))) return undefined;
    return this.#openFile(name);
  }

  create(name: string, from: string | undefined): Namespace {
    if (!isValidNamespaceName(name)) throw invalidName(name);
    if (this.get(name) !== undefined) throw new HttpError(409, 'NAMESPACE_EXISTS', `Namespace \`${name}\` already exists`);
    if (from !== undefined) this.#require(from).copyTo(this.#fileOf(name));
    return this.#openFile(name);
  }

  /** Closes and deletes the namespace's files; its streams must have been closed first. */
  delete(name: string): void {
    if (name === DEFAULT_NAMESPACE) throw new HttpError(400, 'NAMESPACE_PROTECTED', 'The default namespace cannot be deleted');
    this.#require(name).close();
    this.#open.delete(name);
    const file = this.#fileOf(name);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true });
  }

  closeAll(): void {
    for (const namespace of this.#open.values()) namespace.close();
    this.#open.clear();
  }

  #require(name: string): Namespace {
    const namespace = this.get(name);
    if (namespace === undefined) throw namespaceNotFound(name);
    return namespace;
  }

  #openFile(name: string): Namespace {
    const namespace = new Namespace(name, this.#fileOf(name));
    this.#open.set(name, namespace);
    return namespace;
  }

  #fileOf(name: string): string {
    return name === DEFAULT_NAMESPACE ? join(this.dataDir, 'local.db') : join(this.dataDir, 'namespaces', `${name}.db`);
  }
}

export function namespaceNotFound(name: string): HttpError {
  return new HttpError(404, 'NAMESPACE_DOESNT_EXIST', `Namespace \`${name}\` doesn't exist`);
}

export function invalidName(name: string): HttpError {
  return new HttpError(400, 'NAMESPACE_NAME_INVALID', `Invalid namespace name \`${name}\`: use 1 to 64 of [a-z0-9_-]`);
}
