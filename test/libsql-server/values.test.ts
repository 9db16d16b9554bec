import { createClient, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let client: Client;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ url: server.url, intMode: 'bigint' });
  await client.execute('CREATE TABLE v (id INTEGER PRIMARY KEY, x)');
});

afterAll(async () => {
  client.close();
  await server.stop();
});

async function roundTrip(value: unknown): Promise<{ back: unknown; type: unknown; stored: unknown }> {
  const inserted = await client.execute({ sql: 'INSERT INTO v (x) VALUES (?)', args: [value as never] });
  const rs = await client.execute({ sql: 'SELECT ? AS back, typeof(?) AS type', args: [value as never, value as never] });
  const stored = await client.execute({ sql: 'SELECT x FROM v WHERE id = ?', args: [inserted.lastInsertRowid!] });
  return { back: rs.rows[0]?.back, type: rs.rows[0]?.type, stored: stored.rows[0]?.x };
}

describe('values', () => {
  test.each([0n, 1n, -1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, -(2n ** 63n), 2n ** 63n - 1n])(
    'integer %s round-trips exactly',
    async (n) => {
      expect(await roundTrip(n)).toEqual({ back: n, type: 'integer', stored: n });
    },
  );

  test.each([0.5, -1.25e-300, 1.7976931348623157e308, 5e-324, 3, -2.5])('float %s stays a float', async (x) => {
    expect(await roundTrip(x)).toEqual({ back: x, type: 'real', stored: x });
  });

  test.each(['', 'plain', 'héllo wörld — 🌍', "quotes ' \" ; -- /*", 'x'.repeat(200_000)])('text round-trips', async (s) => {
    expect(await roundTrip(s)).toEqual({ back: s, type: 'text', stored: s });
  });

  test('null round-trips', async () => {
    expect(await roundTrip(null)).toEqual({ back: null, type: 'null', stored: null });
  });

  test('blobs with every byte value round-trip', async () => {
    const all = Uint8Array.from({ length: 256 * 4 }, (_, i) => i % 256);
    for (const blob of [all, new Uint8Array(0), new Uint8Array([0])]) {
      const { back, type, stored } = await roundTrip(blob);
      expect(type).toBe('blob');
      expect(new Uint8Array(back as ArrayBuffer)).toEqual(blob);
      expect(new Uint8Array(stored as ArrayBuffer)).toEqual(blob);
    }
  });

  test('results carry column names, declared types, rowsAffected and lastInsertRowid', async () => {
    await client.execute('CREATE TABLE typed (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, data BLOB, n NUMERIC)');
    const big = 2n ** 62n + 7n;
    const inserted = await client.execute({
      sql: 'INSERT INTO typed (id, name, price, data, n) VALUES (?, ?, ?, ?, ?)',
      args: [big, 'a', 1.5, new Uint8Array([1]), 10n],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(big);

    const rs = await client.execute('SELECT id, name AS label, price, data, n, 1 + 1 AS two FROM typed');
    expect(rs.columns).toEqual(['id', 'label', 'price', 'data', 'n', 'two']);
    expect(rs.columnTypes).toEqual(['INTEGER', 'TEXT', 'REAL', 'BLOB', 'NUMERIC', '']);
    expect(rs.rows[0]?.id).toBe(big);
    expect(rs.rowsAffected).toBe(0);

    const updated = await client.execute("UPDATE v SET x = 'same'");
    expect(updated.rowsAffected).toBeGreaterThan(5);
    expect(updated.lastInsertRowid).toBeUndefined();
  });

  test('INSERT ... RETURNING returns rows and still counts them', async () => {
    const rs = await client.execute({ sql: 'INSERT INTO v (x) VALUES (?), (?) RETURNING x', args: ['r1', 'r2'] });
    expect(rs.rows.map((r) => r.x)).toEqual(['r1', 'r2']);
    expect(rs.rowsAffected).toBe(2);
  });
});

describe('arguments', () => {
  test('positional, numbered and anonymous parameters', async () => {
    const rs = await client.execute({ sql: 'SELECT ? AS a, ?3 AS c, ?2 AS b', args: ['A', 'B', 'C'] });
    expect(rs.rows[0]).toMatchObject({ a: 'A', b: 'B', c: 'C' });
  });

  test('named parameters in the :a, @a and $a forms, with or without the prefix', async () => {
    const sql = 'SELECT :a AS a, @b AS b, $c AS c, :a AS again';
    const bare = await client.execute({ sql, args: { a: 1n, b: 'two', c: null } });
    expect(bare.rows[0]).toMatchObject({ a: 1n, b: 'two', c: null, again: 1n });
    const prefixed = await client.execute({ sql, args: { ':a': 1n, '@b': 'two', $c: 3.5 } });
    expect(prefixed.rows[0]).toMatchObject({ a: 1n, b: 'two', c: 3.5, again: 1n });
  });

  test('missing and surplus arguments are errors, as on sqld', async () => {
    await expect(client.execute({ sql: 'SELECT ?, ?', args: [1n] })).rejects.toMatchObject({
      code: 'ARGS_INVALID',
      message: expect.stringContaining('value for parameter 2 not found'),
    });
    await expect(client.execute({ sql: 'SELECT :a', args: { b: 1n } })).rejects.toMatchObject({ code: 'ARGS_INVALID' });
    await expect(client.execute({ sql: 'SELECT ?', args: [1n, 2n] })).rejects.toThrow(/too many parameters/);
  });
});
