import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client/web';
import { afterEach, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
let tempDir: string | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** Starts `tsx db/serve.ts` and resolves with its first stdout line. */
async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['db/serve.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done(out.split('\n')[0]!);
    });
    child.once('exit', (code) => fail(new Error(`serve.ts exited with ${code} before printing`)));
  });
  return { child, line };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

test('serves DATA_DIR on a free port, creating the directory, and stops on SIGTERM', async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'libsql-serve-'));
  const dataDir = join(tempDir, 'nested', 'data');
  const { child, line } = await serve({ DATA_DIR: dataDir, DB_PORT: '' });
  const match = /^libSQL server listening on (http:\/\/127\.0\.0\.1:(\d+)) \(database (.+)\)$/.exec(line);
  expect(match?.[3]).toBe(join(dataDir, 'local.db'));
  const url = match![1]!;

  const client = createClient({ url });
  await client.execute('CREATE TABLE t (x)');
  await client.execute('INSERT INTO t VALUES (1)');
  client.close();
  expect(existsSync(join(dataDir, 'local.db'))).toBe(true);

  const exited = exitOf(child);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

test('uses DB_PORT when set, keeps data across restarts, and stops on SIGINT', async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'libsql-serve-'));
  const port = await freePort();
  const env = { DATA_DIR: tempDir, DB_PORT: String(port) };

  const first = await serve(env);
  expect(first.line).toContain(`http://127.0.0.1:${port} `);
  const client = createClient({ url: `http://127.0.0.1:${port}` });
  await client.execute('CREATE TABLE kept (x)');
  client.close();
  let exited = exitOf(first.child);
  first.child.kill('SIGINT');
  expect(await exited).toBe(0);

  const second = await serve(env);
  const again = createClient({ url: `http://127.0.0.1:${port}` });
  expect((await again.execute("SELECT name FROM sqlite_master WHERE name = 'kept'")).rows).toHaveLength(1);
  again.close();
  exited = exitOf(second.child);
  second.child.kill('SIGINT');
  expect(await exited).toBe(0);
});
