import type { Client, ResultSet } from '@libsql/client/http';
import { fillPlaceholders, getTableName, sql, type Placeholder, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteInsertBase, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/libsql/http';
import type { Db } from '../client.ts';

/** One placeholder per named value: `p.domain` stands for `values.domain`. */
export type Slots<K extends string> = { readonly [N in K]: Placeholder<N> };

/** A drizzle query builder: what `db.batch` takes and `await` runs (its `_prepare` is internal, not in the types). */
type Builder = SQLWrapper;

/** The part of drizzle's prepared query (SQLitePreparedQuery) used here. */
interface PreparedShape {
  query: { sql: string; params: unknown[] };
  all(values?: Record<string, unknown>): Promise<unknown>;
  get(values?: Record<string, unknown>): Promise<unknown>;
  run(values?: Record<string, unknown>): Promise<unknown>;
  values(values?: Record<string, unknown>): Promise<unknown>;
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
 * The result is the builder's own type and works wherever the builder does: in `db.batch`
 * and awaited. It runs on the `db` passed to the call (the request's database, so the
 * credential check of worker/middleware/session.ts still rides on its first round trip).
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
    const given = Object.keys(records[0] ?? {}).filter((k) => records[0]![k] !== undefined);
    const values: Record<string, unknown> = {};
    const nulls: string[] = [];
    records.forEach((record, i) => {
      if (Object.keys(record).filter((k) => record[k] !== undefined).length !== given.length) throw new Error(`preparedInsert(${name}): rows must give the same columns`);
      for (const k of given) {
        const v = record[k];
        if (v === undefined) throw new Error(`preparedInsert(${name}): rows must give the same columns (row ${i} has no ${k})`);
        if (v === null) nulls.push(`${i}.${k}`);
        else values[`${i}.${k}`] = v;
      }
    });
    const isNull = new Set(nulls);
    const entry = compiled(`${records.length}:${given.join(',')}:${nulls.join(',')}`, () =>
      finish(
        compiler
          .insert(table)
          .values(records.map((_, i) => Object.fromEntries(given.map((k) => [k, isNull.has(`${i}.${k}`) ? sql`null` : sql.placeholder(`${i}.${k}`)]))) as never) as SQLiteInsertBase<T, 'async', ResultSet>,
      ),
    );
    return bind(db, entry, values);
  };
}

interface Compiled<Q> {
  builder: Q;
  /** drizzle's prepared query for a builder; null for a raw statement (`db.run(sql…)`, `db.all(sql…)`). */
  base: PreparedShape | null;
  query: { sql: string; params: unknown[] };
}

/**
 * `column in (…)` for a list given as ONE value, a JSON array (`JSON.stringify(ids)`): one
 * statement text for any length, where `inArray` makes one per length.
 */
export const inJsonList = (column: SQLWrapper, list: Placeholder) => sql`${column} in (select value from json_each(${list}))`;

/** A bounded per-isolate cache of compiled statements by shape key. */
function shapes<Q extends Builder>() {
  const compiled = new Map<string, Compiled<Q>>();
  return (key: string, build: () => Q) => {
    let entry = compiled.get(key);
    if (!entry) {
      const builder = build();
      const prepared = (builder as unknown as { _prepare(): PreparedShape | RawShape })._prepare();
      // A raw statement is its own "prepared query" and renders its SQL on every getQuery().
      entry = 'query' in prepared ? { builder, base: prepared, query: prepared.query } : { builder, base: null, query: prepared.getQuery() };
      if (compiled.size < MAX_SHAPES) compiled.set(key, entry);
    }
    return entry;
  };
}

/** The part of drizzle's raw statement (SQLiteRaw) used here. */
interface RawShape {
  getQuery(): { sql: string; params: unknown[] };
}

/** The compiled query with `values` filled in, executing on `db`'s session. */
function bind<Q extends Builder>(db: Db, { builder, base, query: compiled }: Compiled<Q>, values: Record<string, unknown>): Q {
  const query = { ...compiled, params: fillPlaceholders(compiled.params, values) };
  const toSQL = { value: () => ({ sql: query.sql, params: query.params }) };
  if (!base) {
    // drizzle's batch takes a raw statement's `getQuery()` and `mapResult()`; awaited alone, it
    // runs as a batch of one on this db.
    const raw: Q = Object.create(builder, {
      _prepare: { value: () => raw },
      getQuery: { value: () => query },
      execute: { value: () => db.batch([raw as never]).then(([result]) => result) },
      toSQL,
    });
    return raw;
  }
  const session = (db as unknown as { session: { client: unknown; tx?: unknown } }).session;
  // drizzle's batch takes `_prepare().getQuery()` and `mapResult()`; execution uses `client`/`tx`.
  const bound = Object.create(base, {
    query: { value: query },
    client: { value: session.client },
    tx: { value: session.tx },
  }) as PreparedShape;
  // Awaiting a builder runs `this.all()` (or run/get); those are per-instance arrow functions
  // bound to the compile-time builder, so each is replaced here.
  return Object.create(builder, {
    _prepare: { value: () => bound },
    all: { value: () => bound.all() },
    get: { value: () => bound.get() },
    run: { value: () => bound.run() },
    values: { value: () => bound.values() },
    toSQL,
  }) as Q;
}
