import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startStack, type Stack } from '../../scripts/stack.ts';

// `npm start` twice on the same DATA_DIR: the second start keeps what the first one left.
// Serves the existing dist/portal (`npm test` builds it first).
const dataDir = await mkdtemp(join(tmpdir(), 'prm-start-'));
let running: Stack | undefined;
afterAll(async () => {
  await running?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const start = async () => (running = await startStack({ dataDir, port: 0, dbPort: 0, seed: true, build: false, quiet: true }));

it('seeds a fresh data dir once and keeps its data on the next start', { timeout: 180_000 }, async () => {
  const first = await start();
  expect(first.seeded).toBe(true);
  expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);
  const db = createClient({ url: first.dbUrl });
  await db.execute("update users set name = 'Renamed Between Starts' where email = 'nick@northwind.example'");
  db.close();
  await first.stop();
  // Stopped means nothing listens any more (a network failure), not an error page.
  await expect(fetch(`${first.url}/api/v1/health`)).rejects.toThrow(/fetch failed/);

  const second = await start();
  expect(second.seeded).toBe(false);
  expect((await fetch(`${second.url}/api/v1/health`)).status).toBe(200);
  const again = createClient({ url: second.dbUrl });
  const row = await again.execute("select name from users where email = 'nick@northwind.example'");
  again.close();
  expect(row.rows[0]?.name).toBe('Renamed Between Starts');
});
