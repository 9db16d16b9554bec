import { eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/http';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { rowMapperFor, type SelectShape } from './row-mapper.ts';

const a = sqliteTable('a', { id: text('id').primaryKey(), at: integer('at', { mode: 'timestamp_ms' }).notNull(), on: integer('on', { mode: 'boolean' }) });
const b = sqliteTable('b', { id: text('id').primaryKey(), aId: text('a_id') });
// Compiles only: nothing here runs a statement.
const db = drizzle({ client: {} as never });
const shapeOf = (q: { _prepare(): unknown }) => q._prepare() as SelectShape & { mapResult(r: unknown, batch: boolean): unknown };

describe('rowMapperFor', () => {
  it('maps a row exactly as drizzle does (decoders, nesting, computed columns, nulls)', () => {
    const q = shapeOf(db.select({ a: getTableColumns(a), n: sql<number>`1`.mapWith(Number), s: sql<string>`'x'` }).from(a) as never);
    const map = rowMapperFor(q)!;
    expect(map).not.toBeNull();
    for (const row of [['a1', 1764669600123, 1, '7', 'x'], ['a2', 0, null, null, null]]) {
      expect(map(row)).toEqual((q.mapResult({ rows: [row] }, true) as unknown[])[0]);
    }
    expect(map(['a1', 5, 0, '7', 'x'])).toEqual({ a: { id: 'a1', at: new Date(5), on: false }, n: 7, s: 'x' });
  });

  it('declines what only drizzle maps: a left-joined table that may be missing, a statement that returns no rows', () => {
    expect(rowMapperFor(shapeOf(db.select().from(a).leftJoin(b, eq(b.aId, a.id)) as never))).toBeNull();
    expect(rowMapperFor(shapeOf(db.select().from(a).innerJoin(b, eq(b.aId, a.id)) as never))).not.toBeNull();
    expect(rowMapperFor(shapeOf(db.update(a).set({ on: true }) as never))).toBeNull();
  });
});
