import { createClient, LibsqlBatchError, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sleep, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let client: Client;
let other: Client;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ url: server.url });
  other = createClient({ url: server.url });
  await client.execute('CREATE TABLE acct (name TEXT PRIMARY KEY, balance INTEGER NOT NULL)');
});

afterAll(async () => {
  client.close();
  other.close();
  await server.stop();
});

async function names(): Promise<unknown[]> {
  return (await other.execute('SELECT name FROM acct ORDER BY name')).rows.map((r) => r.name);
}

describe('batch', () => {
  test.each(['write', 'deferred'] as const)('a failing step rolls back the whole %s batch', async (mode) => {
    await client.execute('DELETE FROM acct');
    const failing = client.batch(
      [
        "INSERT INTO acct VALUES ('a', 1)",
        "INSERT INTO acct VALUES ('b', 1)",
        "INSERT INTO acct VALUES ('a', 2)",
        "INSERT INTO acct VALUES ('c', 1)",
      ],
      mode,
    );
    await expect(failing).rejects.toBeInstanceOf(LibsqlBatchError);
    await expect(failing).rejects.toMatchObject({ statementIndex: 2, code: 'SQLITE_CONSTRAINT' });
    expect(await names()).toEqual([]);
  });

  test('a successful batch commits every step and returns every result', async () => {
    await client.execute('DELETE FROM acct');
    const results = await client.batch(
      ["INSERT INTO acct VALUES ('a', 10)", "UPDATE acct SET balance = balance + 5", 'SELECT balance FROM acct'],
      'write',
    );
    expect(results.map((r) => r.rowsAffected)).toEqual([1, 1, 0]);
    expect(results[2]?.rows[0]?.balance).toBe(15);
  });
});

describe('interactive transactions', () => {
  test('commit makes the writes visible; before that others see the old state', async () => {
    await client.execute('DELETE FROM acct');
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO acct VALUES ('t1', 1)");
    const inside = await tx.execute('SELECT count(*) AS n FROM acct');
    expect(inside.rows[0]?.n).toBe(1);
    expect(await names()).toEqual([]);
    await tx.commit();
    expect(await names()).toEqual(['t1']);
  });

  test('rollback discards the writes, also after a failed statement', async () => {
    await client.execute('DELETE FROM acct');
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO acct VALUES ('r1', 1)");
    await expect(tx.execute('INSERT INTO nope VALUES (1)')).rejects.toThrow(/no such table/);
    await tx.execute("INSERT INTO acct VALUES ('r2', 1)");
    await tx.rollback();
    expect(await names()).toEqual([]);
  });

  test('batches inside a transaction', async () => {
    await client.execute('DELETE FROM acct');
    const tx = await client.transaction('write');
    await tx.batch(["INSERT INTO acct VALUES ('b1', 1)", "INSERT INTO acct VALUES ('b2', 1)"]);
    await tx.executeMultiple("INSERT INTO acct VALUES ('b3', 1); INSERT INTO acct VALUES ('b4', 1)");
    await tx.commit();
    expect(await names()).toEqual(['b1', 'b2', 'b3', 'b4']);
  });
});

describe('stream expiry and batons', () => {
  test('an idle stream expires: its transaction is rolled back and the lock released', async () => {
    // No lock wait at all: a write while the expired stream still held the lock fails at once.
    const quick = await startTestServer({ streamIdleMs: 200, busyTimeoutMs: 0 });
    const a = createClient({ url: quick.url });
    const b = createClient({ url: quick.url });
    try {
      await a.execute('CREATE TABLE t (x)');
      const tx = await a.transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      await sleep(600);
      await expect(tx.commit()).rejects.toMatchObject({
        code: 'STREAM_EXPIRED',
        message: expect.stringContaining('expired'),
      });
      await b.execute('INSERT INTO t VALUES (2)');
      expect((await b.execute('SELECT x FROM t')).rows.map((r) => r.x)).toEqual([2]);
    } finally {
      a.close();
      b.close();
      await quick.stop();
    }
  });

  test('a stream kept busy does not expire', async () => {
    // Busy for 2 s in all, never idle for more than a quarter of the 1 s limit.
    const quick = await startTestServer({ streamIdleMs: 1000 });
    const a = createClient({ url: quick.url });
    const b = createClient({ url: quick.url });
    try {
      await a.execute('CREATE TABLE t (x)');
      const tx = await a.transaction('write');
      for (let i = 0; i < 8; i++) {
        await tx.execute({ sql: 'INSERT INTO t VALUES (?)', args: [i] });
        await sleep(250);
      }
      await expect(tx.commit()).resolves.toBeUndefined();
      // Every write of the long-lived transaction was committed, none rolled back by an expiry.
      expect((await b.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(8);
    } finally {
      a.close();
      b.close();
      await quick.stop();
    }
  });

  test('unknown or reused batons get HTTP 400 with a JSON error', async () => {
    const pipeline = (body: unknown) =>
      fetch(`${server.url}/v2/pipeline`, { method: 'POST', body: JSON.stringify(body) });
    const select = { type: 'execute', stmt: { sql: 'SELECT 1' } };

    const bogus = await pipeline({ baton: 'bogus', requests: [select] });
    expect(bogus.status).toBe(400);
    expect(bogus.headers.get('content-type')).toBe('application/json');
    expect(await bogus.json()).toMatchObject({ code: 'BATON_INVALID', message: expect.stringContaining('baton') });

    const first = (await (await pipeline({ baton: null, requests: [select] })).json()) as { baton: string };
    const second = await pipeline({ baton: first.baton, requests: [select] });
    expect(second.status).toBe(200);
    const reused = await pipeline({ baton: first.baton, requests: [select] });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ code: 'BATON_INVALID' });
  });
});
