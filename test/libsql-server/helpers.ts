import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLibsqlServer, type LibsqlServer, type LibsqlServerOptions } from '../../db/local-server/server.ts';

export interface TestServer extends LibsqlServer {
  dataDir: string;
  /** Closes the server and deletes its data directory. */
  stop(): Promise<void>;
}

/** A server on a free port over a fresh temporary data directory. */
export async function startTestServer(opts: Omit<LibsqlServerOptions, 'dataDir'> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'libsql-server-test-'));
  const server = await startLibsqlServer({ dataDir, port: 0, ...opts });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `POST /-/namespaces/<name>`; returns the namespace's client URL. */
export async function createNamespace(serverUrl: string, name: string, from?: string): Promise<string> {
  const res = await fetch(`${serverUrl}/-/namespaces/${name}`, {
    method: 'POST',
    body: JSON.stringify(from === undefined ? {} : { from }),
  });
  if (res.status !== 201) throw new Error(`creating namespace ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
