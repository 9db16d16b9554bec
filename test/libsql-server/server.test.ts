import { once } from 'node:events';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createClient } from '@libsql/client/web';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

/** Resolves to whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

test('listens on 127.0.0.1 only', async () => {
  expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  expect(await accepts('127.0.0.1', server.port)).toBe(true);
  expect(await accepts('127.0.0.2', server.port)).toBe(false);
  expect(await accepts('::1', server.port)).toBe(false);
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal)
    .map((i) => i!.address);
  for (const address of external) expect(await accepts(address, server.port)).toBe(false);
});

test('health check and Hrana version probes', async () => {
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.text()).toBe('ok');
  for (const version of ['v2', 'v3', 'v3-protobuf']) {
    expect((await fetch(`${server.url}/${version}`)).status).toBe(200);
  }
  expect((await fetch(`${server.url}/v4`)).status).toBe(404);
  expect((await fetch(`${server.url}/v2/cursor`, { method: 'POST', body: '{}' })).status).toBe(400);
});

test('malformed requests get HTTP 400 with a JSON error', async () => {
  const notJson = await fetch(`${server.url}/v2/pipeline`, { method: 'POST', body: 'nope' });
  expect(notJson.status).toBe(400);
  expect(await notJson.json()).toMatchObject({ code: 'HRANA_PROTO_ERROR' });
  const badValue = await fetch(`${server.url}/v2/pipeline`, {
    method: 'POST',
    body: JSON.stringify({
      baton: null,
      requests: [{ type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'integer', value: '9223372036854775808' }] } }],
    }),
  });
  expect(badValue.status).toBe(400);
});

test('answers CORS preflights, so browser-based libSQL tools can connect', async () => {
  const res = await fetch(`${server.url}/v2/pipeline`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'authorization, content-type' },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
});

test('close() does not wait for open streams, keep-alive connections or unfinished requests, and releases the port', async () => {
  const local = await startTestServer();
  const client = createClient({ url: local.url });
  await client.execute('CREATE TABLE t (x)');
  const tx = await client.transaction('write');
  await tx.execute('INSERT INTO t VALUES (1)');
  // A request whose body never arrives: a close() that waited for it would outlast the test's
  // timeout (Node's request timeout is minutes), so no clock is needed to tell "prompt".
  const stuck = connect({ host: '127.0.0.1', port: local.port });
  await once(stuck, 'connect');
  stuck.write('POST /v2/pipeline HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{');
  const dropped = once(stuck, 'close');
  await client.execute('SELECT 1'); // by now the server has read the stuck request's head
  await local.stop();
  await dropped;
  expect(await accepts('127.0.0.1', local.port)).toBe(false);
  client.close();
});
