import type { Client, ResultSet } from '@libsql/client/http';
import { fillPlaceholders, getTableName, sql, type Placeholder, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteInsertBase, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/libsql/http';
import type { Db } from '../client.ts';
import { resultMapperFor, type SelectShape } from './row-mapper.ts';

/** One placeholder per named value: `p.domain` stands for `values.domain`. */
export type Slots<K extends string> = { readonly [N in K]: Placeholder<N> };

/** A drizzle query builder: what `db.batch` takes and `await` runs (its `_prepare` is internal, not in the types). */
type Builder = SQLWrapper;

/** The part of drizzle's prepared query (SQLitePreparedQuery) used here. */
interface PreparedShape {
  query: { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
}

/** Builds SQL only: executing through it is a bug, and says so. */
const unconnected = new Proxy({} as Client, {
  get: (_target, prop) => (prop === 'then' ? undefined : () => Promise.reject(new Error(`prepared query compiler has no database (called ${String(prop)})`))),
});
const compiler = drizzle({ client: unconnected }) as unknown as Db;

/** Compiled shapes per query, at most this many (shapes are finite; the bound is a guard). */
export const MAX_SHAPES = 64;

/**
 * A query compiled to SQL once per isolate and shape, with drizzle placeholders
 * (`sql.placeholder`); each call only fills in the values. Building a query with drizzle's
 * builder and rendering its SQL cost more CPU per request than anything else the worker does
 * besides the database call itself (docs/benchmarks.md), and the hot queries' text never
 * changes between requests.
 *
 * The result is typed as the builder and stands in for it in `db.batch` and when awaited
 * (`Bound`: not for chaining more builder calls). It runs on the `db` passed to the call (the
 * request's database, so the credential check of worker/middleware/session.ts still rides on
 * its first round trip).
 *
 * - In conditions (`eq(column, p.x)`) values skip the column's encoder: give what is stored
 *   (a time as epoch ms, a boolean as 0/1, JSON as text). Values set or inserted
 *   (`.set({ at: p.at })`, `preparedInsert`) go through it, as with the builder. `db/queries/prepared.test.ts` checks each prepared query against the
 *   builder it replaces.
 * - `shape` picks among SQL texts for inputs that change the statement (an omitted filter, a
 *   list's length); `shapeKey` names it. Values never change the text.
 * - A column default computed in JS (`$defaultFn`) would be computed once, at compile time;
 *   the schema has none, and db/queries/prepared.test.ts fails if one appears.
 */
export function prepared<K extends string, Q extends Builder, S = undefined>(
  names: readonly K[],
  build: (db: Db, p: Slots<K>, shape: S) => Q,
  shapeKey: (shape: S) => string = () => '',
): (db: Db, values: Record<K, unknown>, ...shape: S extends undefined ? [] : [S]) => Q {
  const slots = Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as unknown as Slots<K>;
  const compiled = shapes<Q>();
  return (db, values, ...rest) => {
    const shape = rest[0] as S;
    const entry = compiled(shapeKey(shape), () => build(compiler, slots, shape));
    return bind(db, entry, values);
  };
}

/**
 * `db.insert(table).values(rows)`, prepared: one SQL text per row count, set of columns given
 * and which of them are null. An inserted value's placeholder keeps its column's encoder
 * (drizzle's `fillPlaceholders` applies it), so rows are the same `$inferInsert` objects the
 * builder takes. Nulls are written into the text, as the builder sends them: the encoder
 * would turn a JSON column's null into the text "null".
 */
export function preparedInsert<T extends SQLiteTable, R extends Builder = SQLiteInsertBase<T, 'async', ResultSet>>(
  table: T,
  /** The rest of the statement: `(q) => q.onConflictDoNothing().returning(…)`. */
  finish: (insert: SQLiteInsertBase<T, 'async', ResultSet>) => R = (insert) => insert as unknown as R,
) {
  const compiled = shapes<R>();
  const name = getTableName(table);
  return (db: Db, rows: readonly T['$inferInsert'][]): R => {
    const records = rows as readonly Record<string, unknown>[];
    const first = records[0] ?? {};
    const given = Object.keys(first).filter((k) => first[k] !== undefined);
    // Placeholder n is row n / given.length, column n % given.length; values[n] its value.
    const values: unknown[] = [];
    let key = `${records.length}:${given.join(',')}:`;
    for (const record of records) {
      let count = 0;
      for (const k in record) if (record[k] !== undefined) count++;
      if (count !== given.length) throw new Error(`preparedInsert(${name}): rows must give the same columns`);
      for (const k of given) {
        const v = record[k];
        if (v === undefined) throw new Error(`preparedInsert(${name}): rows must give the same columns (one has no ${k})`);
        if (v === null) key += `${values.length},`;
        values.push(v);
      }
    }
    const entry = compiled(key, () =>
      finish(
        compiler.insert(table).values(
          records.map((_, i) =>
            Object.fromEntries(
              given.map((k, j) => {
                const n = i * given.length + j;
                return [k, values[n] === null ? sql`null` : sql.placeholder(String(n))];
              }),
            ),
          ) as never,
        ) as SQLiteInsertBase<T, 'async', ResultSet>,
      ),
    );
    return bind(db, entry, values as unknown as Record<string, unknown>);
  };
}

/**
 * `column in (…)` for a list given as ONE value, a JSON array (`JSON.stringify(ids)`): one
 * statement text for any length, where `inArray` makes one per length.
 */
export const inJsonList = (column: SQLWrapper, list: Placeholder) => sql`${column} in (select value from json_each(${list}))`;

interface Compiled<Q> {
  builder: Q;
  /** drizzle's prepared query for a builder; null for a raw statement (`db.run(sql…)`), which maps its own results. */
  base: PreparedShape | null;
  query: { sql: string; params: unknown[] };
  /** A select's rows mapped without drizzle's per-value lookups (./row-mapper.ts); null: drizzle maps them. */
  mapRows: ((rows: ArrayLike<unknown>[]) => unknown) | null;
}

/** A bounded per-isolate cache of compiled statements by shape key. */
function shapes<Q extends Builder>() {
  const compiled = new Map<string, Compiled<Q>>();
  return (key: string, build: () => Q) => {
    let entry = compiled.get(key);
    if (!entry) {
      const builder = build();
      const prepared = (builder as unknown as { _prepare(): PreparedShape | RawShape })._prepare();
      // A raw statement is its own "prepared query" and renders its SQL on every getQuery().
      entry =
        'query' in prepared
          ? { builder, base: prepared, query: prepared.query, mapRows: resultMapperFor(prepared as SelectShape) }
          : { builder, base: null, query: prepared.getQuery(), mapRows: null };
      if (compiled.size < MAX_SHAPES) compiled.set(key, entry);
    }
    return entry;
  };
}

/** The part of drizzle's raw statement (SQLiteRaw) used here. */
interface RawShape {
  getQuery(): { sql: string; params: unknown[] };
}

/** The compiled query with `values` filled in, executing on `db`. */
function bind<Q extends Builder>(db: Db, compiled: Compiled<Q>, values: Record<string, unknown>): Q {
  return new Bound(db, compiled, { ...compiled.query, params: fillPlaceholders(compiled.query.params, values) }) as unknown as Q;
}

/**
 * A compiled statement with its values, standing in for the builder. drizzle's batch calls
 * `_prepare()`, then `getQuery()` and `mapResult()` of what it returns; `await` runs it as a
 * batch of one on the request's db (so the credential check still rides on it).
 */
class Bound<Q extends Builder> implements PromiseLike<unknown> {
  constructor(
    private readonly db: Db,
    private readonly compiled: Compiled<Q>,
    private readonly query: { sql: string; params: unknown[] },
  ) {}

  _prepare() {
    return this;
  }

  getQuery() {
    return this.query;
  }

  mapResult(result: unknown, isFromBatch?: boolean): unknown {
    const { mapRows } = this.compiled;
    if (mapRows) return mapRows((isFromBatch ? (result as { rows: ArrayLike<unknown>[] }).rows : result) as ArrayLike<unknown>[]);
    const mapper = (this.compiled.base ?? this.compiled.builder) as unknown as { mapResult(r: unknown, b?: boolean): unknown };
    return mapper.mapResult(result, isFromBatch);
  }

  toSQL() {
    return { sql: this.query.sql, params: this.query.params };
  }

  getSQL() {
    return this.compiled.builder.getSQL();
  }

  execute(): Promise<unknown> {
    return this.db.batch([this as never]).then(([result]) => result);
  }

  all() {
    return this.execute();
  }

  async get() {
    return ((await this.execute()) as unknown[])[0];
  }

  then<A = unknown, B = never>(onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.execute().then(onFulfilled, onRejected);
  }
}
