import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNamespace, getJson, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
const clients: Client[] = [];

function clientFor(url: string, traceId?: string): Client {
  const client = createClient({
    url,
    fetch: traceId
      ? (request: Request) => {
          request.headers.set('x-trace-id', traceId);
          return fetch(request);
        }
      : undefined,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server.stop();
});

describe('namespaces', () => {
  test('a namespace URL is <server>/ns/<name>/ and its database is separate', async () => {
    const url = await createNamespace(server.url, 'alpha');
    expect(url).toBe(`${server.url}/ns/alpha/`);
    const alpha = clientFor(url);
    const fallback = clientFor(server.url);
    await alpha.execute('CREATE TABLE only_in_alpha (x)');
    await alpha.execute('INSERT INTO only_in_alpha VALUES (1)');
    await expect(fallback.execute('SELECT * FROM only_in_alpha')).rejects.toThrow(/no such table/);
    const beta = clientFor(await createNamespace(server.url, 'beta'));
    await expect(beta.execute('SELECT * FROM only_in_alpha')).rejects.toThrow(/no such table/);
    expect(existsSync(join(server.dataDir, 'local.db'))).toBe(true);
    expect(existsSync(join(server.dataDir, 'namespaces', 'alpha.db'))).toBe(true);
  });

  test('copying a template gives an independent database with its committed state', async () => {
    const template = clientFor(await createNamespace(server.url, 'template'));
    await template.batch(['CREATE TABLE partner (name TEXT)', "INSERT INTO partner VALUES ('acme')", 'PRAGMA user_version = 7'], 'write');
    const uncommitted = await template.transaction('write');
    await uncommitted.execute("INSERT INTO partner VALUES ('not committed')");

    const copy = clientFor(await createNamespace(server.url, 'copy-1', 'template'));
    await uncommitted.rollback();
    expect((await copy.execute('SELECT name FROM partner')).rows.map((r) => r.name)).toEqual(['acme']);
    expect((await copy.execute('PRAGMA user_version')).rows[0]?.user_version).toBe(7);

    await copy.execute("INSERT INTO partner VALUES ('only in copy')");
    expect((await template.execute('SELECT count(*) AS n FROM partner')).rows[0]?.n).toBe(1);
  });

  test('create and delete errors', async () => {
    const post = (name: string, body?: unknown) =>
      getJson(`${server.url}/-/namespaces/${name}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    expect(await post('dup')).toMatchObject({ status: 201 });
    expect(await post('dup')).toMatchObject({ status: 409, body: { code: 'NAMESPACE_EXISTS' } });
    expect(await post('Upper')).toMatchObject({ status: 400, body: { code: 'NAMESPACE_NAME_INVALID' } });
    expect(await post('x'.repeat(65))).toMatchObject({ status: 400 });
    expect(await post('from-missing', { from: 'missing' })).toMatchObject({ status: 404, body: { code: 'NAMESPACE_DOESNT_EXIST' } });
    expect(await post('bad-body', { from: 42 })).toMatchObject({ status: 400 });
    expect(await getJson(`${server.url}/-/namespaces/default`, { method: 'DELETE' })).toMatchObject({ status: 400 });
    expect(await getJson(`${server.url}/-/namespaces/missing`, { method: 'DELETE' })).toMatchObject({ status: 404 });
  });

  test('deleting a namespace closes its streams and removes its files', async () => {
    const url = await createNamespace(server.url, 'doomed');
    const doomed = clientFor(url);
    await doomed.execute('CREATE TABLE t (x)');
    const tx = await doomed.transaction('write');
    await tx.execute('INSERT INTO t VALUES (1)');

    expect(await getJson(`${server.url}/-/namespaces/doomed`, { method: 'DELETE' })).toMatchObject({ status: 200 });
    expect(existsSync(join(server.dataDir, 'namespaces', 'doomed.db'))).toBe(false);
    await expect(tx.commit()).rejects.toThrow(/Namespace `doomed` doesn't exist/);
    await expect(doomed.execute('SELECT 1')).rejects.toMatchObject({
      message: expect.stringContaining("Namespace `doomed` doesn't exist"),
    });
    // The name can be reused for a fresh, empty database.
    const again = clientFor(await createNamespace(server.url, 'doomed'));
    await expect(again.execute('SELECT * FROM t')).rejects.toThrow(/no such table/);
  });

  test('a namespace URL without its trailing slash is rejected with a hint', async () => {
    const noSlash = clientFor(`${server.url}/ns/alpha`);
    await expect(noSlash.execute('SELECT 1')).rejects.toMatchObject({
      code: 'NAMESPACE_URL_INVALID',
      message: expect.stringContaining('/ns/<name>/'),
    });
  });

  test('unknown namespaces are not created implicitly', async () => {
    await expect(clientFor(`${server.url}/ns/nobody/`).execute('SELECT 1')).rejects.toMatchObject({
      code: 'NAMESPACE_DOESNT_EXIST',
    });
  });
});

describe('round-trip statistics', () => {
  test('counts pipeline requests per namespace, resettable', async () => {
    const url = await createNamespace(server.url, 'counted');
    const counted = clientFor(url);
    await counted.execute('CREATE TABLE t (x)');
    expect(await getJson(`${server.url}/-/stats/reset`, { method: 'POST' })).toMatchObject({ status: 200 });

    await counted.execute('INSERT INTO t VALUES (1)'); // 1 round trip
    await counted.batch(['INSERT INTO t VALUES (2)', 'INSERT INTO t VALUES (3)'], 'write'); // 1
    const tx = await counted.transaction('write');
    await tx.execute('INSERT INTO t VALUES (4)'); // 1
    await tx.execute('SELECT * FROM t'); // 1
    await tx.commit(); // 1
    await clientFor(server.url).execute('SELECT 1'); // 1 on default

    const { body } = await getJson(`${server.url}/-/stats`);
    expect(body).toEqual({ namespaces: { counted: { requests: 5 }, default: { requests: 1 } } });

    await getJson(`${server.url}/-/stats/reset`, { method: 'POST' });
    expect((await getJson(`${server.url}/-/stats`)).body).toEqual({ namespaces: {} });
  });

  test('counts requests per x-trace-id', async () => {
    const traced = clientFor(server.url, 'request-42');
    await traced.execute('SELECT 1');
    await traced.batch(['SELECT 1', 'SELECT 2']);
    expect((await getJson(`${server.url}/-/stats?trace=request-42`)).body).toEqual({ requests: 2 });
    expect((await getJson(`${server.url}/-/stats?trace=unknown`)).body).toEqual({ requests: 0 });
  });
});
