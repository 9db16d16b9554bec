import { createClient, type Client } from '@libsql/client/web';
import { openHttp } from '@libsql/hrana-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sleep, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let client: Client;
let other: Client;

beforeAll(async () => {
  // A lock wait longer than the test timeout: the contention tests must not depend on how loaded
  // the machine is, and a request that waits for the lock when it should fail at once fails its test.
  server = await startTestServer({ busyTimeoutMs: 60_000 });
  client = createClient({ url: server.url });
  other = createClient({ url: server.url });
  await client.execute('CREATE TABLE hits (id INTEGER PRIMARY KEY, who TEXT)');
  await client.execute('CREATE TABLE counter (n INTEGER NOT NULL)');
});

beforeEach(async () => {
  await client.batch(['DELETE FROM hits', 'DELETE FROM counter', 'INSERT INTO counter VALUES (0)'], 'write');
});

afterAll(async () => {
  client.close();
  other.close();
  await server.stop();
});

/** Resolves to whether `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return settled;
}

describe('concurrent requests', () => {
  test('50 parallel inserts from several clients all land', async () => {
    const clients = Array.from({ length: 5 }, () => createClient({ url: server.url }));
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          clients[i % clients.length]!.execute({ sql: 'INSERT INTO hits (who) VALUES (?)', args: [`w${i}`] }),
        ),
      );
    } finally {
      for (const c of clients) c.close();
    }
    const rs = await client.execute('SELECT count(*) AS n, count(DISTINCT who) AS distinct_who FROM hits');
    expect(rs.rows[0]).toMatchObject({ n: 50, distinct_who: 50 });
  });

  test('concurrent read-modify-write transactions serialize instead of losing updates', async () => {
    const clients = Array.from({ length: 10 }, () => createClient({ url: server.url }));
    try {
      await Promise.all(
        clients.map(async (c) => {
          const tx = await c.transaction('write');
          const { n } = (await tx.execute('SELECT n FROM counter')).rows[0] as unknown as { n: number };
          await sleep(5);
          await tx.execute({ sql: 'UPDATE counter SET n = ?', args: [n + 1] });
          await tx.commit();
        }),
      );
    } finally {
      for (const c of clients) c.close();
    }
    expect((await client.execute('SELECT n FROM counter')).rows[0]?.n).toBe(10);
  });
});

describe('write lock contention', () => {
  test('a write waits (without blocking the server) while another stream holds the write lock', async () => {
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO hits (who) VALUES ('holder')");

    const waiting = other.execute("INSERT INTO hits (who) VALUES ('waiter')");
    expect(await settlesWithin(waiting, 300)).toBe(false);

    // Meanwhile the server keeps serving: reads see the last committed state.
    expect((await other.execute('SELECT count(*) AS n FROM hits')).rows[0]?.n).toBe(0);

    await tx.commit();
    await waiting;
    const who = (await client.execute('SELECT who FROM hits ORDER BY id')).rows.map((r) => r.who);
    expect(who).toEqual(['holder', 'waiter']);
  });

  test('the wait is bounded: past busyTimeoutMs the client gets SQLITE_BUSY', async () => {
    const strict = await startTestServer({ busyTimeoutMs: 300 });
    const a = createClient({ url: strict.url });
    const b = createClient({ url: strict.url });
    try {
      await a.execute('CREATE TABLE t (x)');
      const tx = await a.transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      const attempt = b.execute('INSERT INTO t VALUES (2)');
      expect(await settlesWithin(attempt, 100)).toBe(false); // it waits first…
      await expect(attempt).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
        message: expect.stringContaining('database is locked'),
      });
      await tx.commit();
      await b.execute('INSERT INTO t VALUES (3)');
      expect((await b.execute('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x)).toEqual([1, 3]);
    } finally {
      a.close();
      b.close();
      await strict.stop();
    }
  });

  test('a stale read snapshot fails at once instead of waiting (SQLITE_BUSY_SNAPSHOT)', async () => {
    const tx = await client.transaction('deferred');
    await tx.execute('SELECT count(*) FROM hits');
    await other.execute("INSERT INTO hits (who) VALUES ('meanwhile')");
    await expect(tx.execute("INSERT INTO hits (who) VALUES ('stale')")).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await tx.rollback();
  });

  test('after a busy failure and rollback, the same stream writes and commits normally', async () => {
    const hrana = openHttp(server.url);
    const stream = hrana.openStream();
    try {
      await stream.run('BEGIN');
      await stream.query('SELECT count(*) FROM hits');
      await other.execute("INSERT INTO hits (who) VALUES ('meanwhile')");
      await expect(stream.run("INSERT INTO hits (who) VALUES ('stale')")).rejects.toThrow(/database is locked/);
      await expect(stream.run('COMMIT')).rejects.toThrow(/cannot commit/);
      await stream.run('ROLLBACK');
      await stream.run("INSERT INTO hits (who) VALUES ('after')");
      // Committed (visible elsewhere) and not holding any lock.
      const who = (await other.execute('SELECT who FROM hits ORDER BY id')).rows.map((r) => r.who);
      expect(who).toEqual(['meanwhile', 'after']);
      await other.execute("INSERT INTO hits (who) VALUES ('unblocked')");
    } finally {
      stream.close();
      hrana.close();
    }
  });
});
