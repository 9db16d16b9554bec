// Hrana 3 through the real `@libsql/hrana-client` (the protocol library under `@libsql/client`):
// asked for protocol version 3 it probes `GET v3-protobuf` and then speaks Protobuf, including
// cursors, `get_autocommit` and `is_autocommit` conditions, which `@libsql/client` 0.18 (Hrana 2
// over JSON) never sends.
import { BatchCond, openHttp, type HttpClient, type RowsResult } from '@libsql/hrana-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let client: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  client = openHttp(server.url, undefined, undefined, undefined, 3);
  client.intMode = 'bigint';
  const stream = client.openStream();
  await stream.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v)');
  stream.close();
});

afterAll(async () => {
  client.close();
  await server.stop();
});

test('the client negotiates Hrana 3 over Protobuf', async () => {
  expect(await client.getVersion()).toBe(3);
});

test('values round-trip through Protobuf', async () => {
  const stream = client.openStream();
  try {
    const blob = Uint8Array.from({ length: 256 }, (_, i) => i);
    const row = await stream.queryRow([
      'SELECT ? AS big, ? AS min, ? AS float, ? AS text, ? AS blob, ? AS absent',
      [2n ** 53n + 1n, -(2n ** 63n), 0.1, 'héllo 🌍', blob, null],
    ]);
    expect(row.row).toMatchObject({ big: 2n ** 53n + 1n, min: -(2n ** 63n), float: 0.1, text: 'héllo 🌍', absent: null });
    expect(new Uint8Array(row.row!.blob as ArrayBuffer)).toEqual(blob);

    const named = await stream.queryValue(['SELECT :a || @b', { a: 'x', '@b': 'y' }]);
    expect(named.value).toBe('xy');

    const inserted = await stream.run(['INSERT INTO t (id, v) VALUES (?, ?)', [2n ** 62n, 'w']]);
    expect(inserted.affectedRowCount).toBe(1);
    expect(inserted.lastInsertRowid).toBe(2n ** 62n);
  } finally {
    stream.close();
  }
});

describe.each([false, true])('batch conditions (cursor: %s)', (useCursor) => {
  test('ok, error, not, and, or, is_autocommit', async () => {
    const stream = client.openStream();
    try {
      const batch = stream.batch(useCursor);
      const s0 = batch.step();
      const r0 = s0.run("INSERT INTO t (v) VALUES ('b0')");
      const s1 = batch.step();
      const r1 = s1.run('INSERT INTO nope VALUES (1)');
      const r2 = batch.step().condition(BatchCond.ok(s0)).query("SELECT 'ok(0)' AS x");
      const r3 = batch.step().condition(BatchCond.ok(s1)).query("SELECT 'ok(1)' AS x");
      const r4 = batch.step().condition(BatchCond.error(s1)).query("SELECT 'error(1)' AS x");
      const r5 = batch.step().condition(BatchCond.not(BatchCond.ok(s1))).query("SELECT 'not' AS x");
      const r6 = batch
        .step()
        .condition(BatchCond.and(batch, [BatchCond.ok(s0), BatchCond.error(s1)]))
        .query("SELECT 'and' AS x");
      const r7 = batch
        .step()
        .condition(BatchCond.or(batch, [BatchCond.ok(s1), BatchCond.error(s0)]))
        .query("SELECT 'or' AS x");
      const r8 = batch.step().condition(BatchCond.isAutocommit(batch)).query("SELECT 'autocommit' AS x");
      await batch.execute();

      expect((await r0)?.affectedRowCount).toBe(1);
      await expect(r1).rejects.toThrow(/no such table: nope/);
      const x = async (p: Promise<RowsResult | undefined>) => (await p)?.rows[0]?.x;
      expect(await x(r2)).toBe('ok(0)');
      expect(await r3).toBeUndefined();
      expect(await x(r4)).toBe('error(1)');
      expect(await x(r5)).toBe('not');
      expect(await x(r6)).toBe('and');
      expect(await r7).toBeUndefined();
      expect(await x(r8)).toBe('autocommit');
    } finally {
      stream.close();
    }
  });

  test('a cursor batch streams many rows', async () => {
    const stream = client.openStream();
    try {
      const batch = stream.batch(useCursor);
      const rows = batch.step().query('SELECT value FROM generate_series(1, 5000)');
      await batch.execute();
      const result = await rows;
      expect(result?.rows.length).toBe(5000);
      expect(result?.rows[4999]?.value).toBe(5000n);
    } finally {
      stream.close();
    }
  });
});

test('get_autocommit and transactions on one stream', async () => {
  const stream = client.openStream();
  try {
    expect(await stream.getAutocommit()).toBe(true);
    await stream.run('BEGIN IMMEDIATE');
    expect(await stream.getAutocommit()).toBe(false);
    await stream.run("INSERT INTO t (v) VALUES ('in tx')");
    await stream.run('ROLLBACK');
    expect(await stream.getAutocommit()).toBe(true);
    expect((await stream.queryValue("SELECT count(*) FROM t WHERE v = 'in tx'")).value).toBe(0n);
  } finally {
    stream.close();
  }
});

test('stored SQL texts and sequences', async () => {
  const stream = client.openStream();
  try {
    const sql = stream.storeSql('SELECT ? * 2 AS doubled');
    expect((await stream.queryValue([sql, [21n]])).value).toBe(42n);
    sql.close();
    await stream.sequence("CREATE TABLE seq (x); INSERT INTO seq VALUES (1); INSERT INTO seq VALUES (2);");
    expect((await stream.queryValue('SELECT sum(x) FROM seq')).value).toBe(3n);
  } finally {
    stream.close();
  }
});

test('describe', async () => {
  const stream = client.openStream();
  try {
    const described = await stream.describe('SELECT id, v AS value, :name FROM t WHERE id = ?3');
    expect(described.paramNames).toEqual([':name', undefined, '?3']);
    expect(described.columns).toEqual([
      { name: 'id', decltype: 'INTEGER' },
      { name: 'value', decltype: undefined },
      { name: ':name', decltype: undefined },
    ]);
    expect(described.isExplain).toBe(false);
    expect(described.isReadonly).toBe(true);
    const write = await stream.describe('EXPLAIN INSERT INTO t (v) VALUES (1)');
    expect(write.isExplain).toBe(true);
    expect((await stream.describe("INSERT INTO t (v) VALUES ('x')")).isReadonly).toBe(false);
  } finally {
    stream.close();
  }
});

describe('JSON endpoints no client uses (checked by hand)', () => {
  test('v3/cursor streams newline-delimited JSON', async () => {
    const res = await fetch(`${server.url}/v3/cursor`, {
      method: 'POST',
      body: JSON.stringify({
        baton: null,
        batch: {
          steps: [
            { stmt: { sql: 'SELECT 1 AS one' } },
            { stmt: { sql: 'SELECT * FROM nope' } },
            { condition: { type: 'is_autocommit' }, stmt: { sql: "SELECT 'x'" } },
          ],
        },
      }),
    });
    const lines = (await res.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as { type?: string });
    expect(lines[0]).toEqual({ baton: expect.any(String), base_url: null });
    expect(lines.slice(1).map((l) => l.type)).toEqual(['step_begin', 'row', 'step_end', 'step_error', 'step_begin', 'row', 'step_end']);
    expect(lines[2]).toEqual({ type: 'row', row: [{ type: 'integer', value: '1' }] });
  });

  test('Hrana 3 requests on the Hrana 2 endpoint are protocol errors', async () => {
    const res = await fetch(`${server.url}/v2/pipeline`, {
      method: 'POST',
      body: JSON.stringify({ baton: null, requests: [{ type: 'get_autocommit' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'HRANA_PROTO_ERROR' });
  });
});
