import { eq, getTableColumns, is, or, sql } from 'drizzle-orm';
import { createDb, type Db } from '../client.ts';
import { integer, SQLiteTable, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/libsql-server/helpers.ts';
import * as schema from '../schema/index.ts';
import { customerCandidatesQuery, dealCandidatesQuery } from './conflicts.ts';
import { MAX_SHAPES, prepared, preparedInsert } from './prepared.ts';

const things = sqliteTable('things', { id: text('id').primaryKey(), name: text('name').notNull(), size: integer('size').notNull() });

// Two filters, each optional: four statement shapes.
const byNameOrSize = prepared(
  ['name', 'size'],
  (db, p, shape: { name: boolean; size: boolean }) =>
    db
      .select()
      .from(things)
      .where(or(shape.name ? eq(things.name, p.name) : undefined, shape.size ? eq(things.size, p.size) : undefined) ?? sql`1`)
      .orderBy(things.id),
  (shape) => `${shape.name}${shape.size}`,
);
const stamped = sqliteTable('stamped', {
  id: text('id').primaryKey(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  done: integer('done', { mode: 'boolean' }).notNull(),
  data: text('data', { mode: 'json' }),
});
const insertStamped = preparedInsert(stamped);
const insertThing = prepared(['id', 'name', 'size'], (db, p) => db.insert(things).values({ id: p.id, name: p.name, size: p.size }));

let server: TestServer;
let db: Db;
beforeAll(async () => {
  server = await startTestServer();
  db = createDb({ url: server.url });
  await db.run(sql`create table things (id text primary key, name text not null, size integer not null)`);
});
afterAll(() => server?.stop());

describe('prepared queries', () => {
  it('run awaited and in a batch, each call with its own values, mapped as the builder maps them', async () => {
    await insertThing(db, { id: 't1', name: 'one', size: 1 });
    await db.batch([insertThing(db, { id: 't2', name: 'two', size: 2 }), insertThing(db, { id: 't3', name: 'three', size: 2 })]);
    expect(await byNameOrSize(db, { name: 'two', size: null }, { name: true, size: false })).toEqual([{ id: 't2', name: 'two', size: 2 }]);
    const [bySize, byName] = await db.batch([
      byNameOrSize(db, { name: null, size: 2 }, { name: false, size: true }),
      byNameOrSize(db, { name: 'one', size: null }, { name: true, size: false }),
    ]);
    expect(bySize.map((t) => t.id)).toEqual(['t2', 't3']);
    expect(byName.map((t) => t.id)).toEqual(['t1']);
  });

  it('render the SQL and arguments the builder renders for the same values', () => {
    const built = db.select().from(things).where(or(eq(things.name, 'x'), eq(things.size, 3))).orderBy(things.id).toSQL();
    expect(byNameOrSize(db, { name: 'x', size: 3 }, { name: true, size: true }).toSQL()).toEqual(built);
  });

  it('insert rows through the columns\' encoders, as the builder does (times, booleans, JSON)', async () => {
    await db.run(sql`create table stamped (id text primary key, at integer not null, done integer not null, data text)`);
    const row = { id: 's1', at: new Date('2026-12-02T10:00:00.123Z'), done: true, data: { a: [1, 'x'] } };
    await insertStamped(db, [row, { ...row, id: 's2', done: false, data: null }]);
    await db.insert(stamped).values({ ...row, id: 's3' });
    const raw = await db.all<{ id: string; at: number; done: number; data: string | null }>(sql`select * from stamped order by id`);
    expect(raw).toEqual([
      { id: 's1', at: row.at.getTime(), done: 1, data: '{"a":[1,"x"]}' },
      { id: 's2', at: row.at.getTime(), done: 0, data: null },
      { id: 's3', at: row.at.getTime(), done: 1, data: '{"a":[1,"x"]}' },
    ]);
    expect(() => insertStamped(db, [row, { id: 's4', at: row.at, done: true }])).toThrow(/same columns/);
  });

  it('compile each shape once and keep at most MAX_SHAPES of them', () => {
    let builds = 0;
    const counted = prepared(['n'], (d, p, shape: number) => {
      builds++;
      return d.select({ n: sql<number>`${p.n} + ${shape}` }).from(things);
    }, String);
    for (let i = 0; i < 3; i++) counted(db, { n: 1 }, 7);
    expect(builds).toBe(1);
    for (let s = 0; s < MAX_SHAPES + 10; s++) counted(db, { n: 1 }, s);
    const before = builds;
    counted(db, { n: 1 }, MAX_SHAPES + 5);
    expect(builds).toBe(before + 1);
  });

  it('map rows as drizzle maps them: decoders, nested selections, computed columns, one row or none', async () => {
    await db.run(sql`create table if not exists stamped (id text primary key, at integer not null, done integer not null, data text)`);
    await db.run(sql`delete from stamped`);
    const at = new Date('2026-12-02T10:00:00.123Z');
    await insertStamped(db, [{ id: 'm1', at, done: true, data: { k: ['v', 2] } }, { id: 'm2', at, done: false, data: null }]);
    const nested = (d: Db, id: unknown) =>
      d.select({ row: getTableColumns(stamped), upper: sql<string>`upper(${stamped.id})`, big: sql<number>`${stamped.at} + 1`.mapWith(Number) }).from(stamped).where(sql`${stamped.id} >= ${id}`).orderBy(stamped.id);
    const fast = prepared(['id'], (d, p) => nested(d, p.id));
    const fastOne = prepared(['id'], (d, p) => d.select().from(stamped).where(eq(stamped.id, p.id)).limit(1));
    expect(await fast(db, { id: 'm1' })).toEqual(await nested(db, 'm1'));
    const [all, one, none] = await db.batch([fast(db, { id: 'm2' }), fastOne(db, { id: 'm1' }), fastOne(db, { id: 'none' })]);
    expect(all).toEqual([{ row: { id: 'm2', at, done: false, data: null }, upper: 'M2', big: at.getTime() + 1 }]);
    expect(one).toEqual([{ id: 'm1', at, done: true, data: { k: ['v', 2] } }]);
    expect(one[0]!.at).toBeInstanceOf(Date);
    expect(none).toEqual([]);
    expect(await fastOne(db, { id: 'm1' }).get()).toEqual({ id: 'm1', at, done: true, data: { k: ['v', 2] } });
  });

  it('leave a left join\'s missing row to drizzle, which makes it null', async () => {
    const joined = prepared(['id'], (d, p) =>
      d.select({ thing: things, stamp: stamped }).from(things).leftJoin(stamped, eq(stamped.id, things.name)).where(eq(things.id, p.id)),
    );
    expect(await joined(db, { id: 't1' })).toEqual([{ thing: { id: 't1', name: 'one', size: 1 }, stamp: null }]);
  });

  it('the schema computes no column default in JS (a prepared insert would freeze it at compile time)', () => {
    let tables = 0;
    for (const table of Object.values(schema)) {
      if (!is(table, SQLiteTable)) continue;
      tables++;
      for (const [name, column] of Object.entries(getTableColumns(table as SQLiteTable))) {
        expect({ name, defaultFn: column.defaultFn, onUpdateFn: column.onUpdateFn }).toEqual({ name, defaultFn: undefined, onUpdateFn: undefined });
      }
    }
    expect(tables).toBeGreaterThan(20);
  });
});

describe('the prepared conflict-candidate queries', () => {
  const keyCombos = [
    { domain: 'acme.com', nameKey: 'acme', nameToken: 'acme' },
    { domain: null, nameKey: 'acme corp', nameToken: 'acme' },
    { domain: 'acme.com', nameKey: null, nameToken: null },
    { domain: null, nameKey: null, nameToken: null },
  ];
  // SQL keys take the builder's path: the same statement, built per call.
  const asSql = (k: string | null) => (k === null ? null : sql`${k}`);
  for (const keys of keyCombos) {
    it(`are the builder's statements (${JSON.stringify(keys)})`, () => {
      const builderKeys = { domain: asSql(keys.domain), nameKey: asSql(keys.nameKey), nameToken: asSql(keys.nameToken) };
      expect(dealCandidatesQuery(db, keys).toSQL()).toEqual(dealCandidatesQuery(db, builderKeys).toSQL());
      expect(customerCandidatesQuery(db, keys).toSQL()).toEqual(customerCandidatesQuery(db, builderKeys).toSQL());
    });
  }
});
