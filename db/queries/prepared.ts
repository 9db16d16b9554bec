import type { Client } from '@libsql/client/http';
import { fillPlaceholders, sql, type Placeholder, type SQLWrapper } from 'drizzle-orm';
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
 * - Values skip the columns' encoders: give what is stored (a time as epoch ms, a boolean as
 *   0/1, JSON as text). `db/queries/prepared.test.ts` checks each prepared query against the
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
  const compiled = new Map<string, { builder: Q; base: PreparedShape }>();
  return (db, values, ...rest) => {
    const shape = rest[0] as S;
    const key = shapeKey(shape);
    let entry = compiled.get(key);
    if (!entry) {
      const builder = build(compiler, slots, shape);
      entry = { builder, base: (builder as unknown as { _prepare(): PreparedShape })._prepare() };
      if (compiled.size < MAX_SHAPES) compiled.set(key, entry);
    }
    return bind(db, entry.builder, entry.base, values);
  };
}

/** The compiled query with `values` filled in, executing on `db`'s session. */
function bind<Q extends Builder>(db: Db, builder: Q, base: PreparedShape, values: Record<string, unknown>): Q {
  const session = (db as unknown as { session: { client: unknown; tx?: unknown } }).session;
  const query = { sql: base.query.sql, params: fillPlaceholders(base.query.params, values) };
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
    toSQL: { value: () => ({ sql: query.sql, params: query.params }) },
  }) as Q;
}
