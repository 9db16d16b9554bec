import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../scripts/stack.ts';
import { COMPARED } from '../bench/compared.ts';
import { buildBundle, cpuPerRequest } from '../bench/cpu.ts';

// `BENCH_REPLAY=1` (test/bench/cpu-child.ts) must take the database out of the measured requests:
// only the recording request and the sign-in reach the server, however many are timed.
const precheck = COMPARED.filter((r) => r.name.includes('precheck'));

let dir: string;
let stack: Stack;
let bundle: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prm-bench-replay-'));
  stack = await startStack({ dataDir: join(dir, 'data'), port: 0, dbPort: 0, seed: true, build: false, quiet: true });
  bundle = await buildBundle(join(dir, 'bundle'));
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function roundTripsDuring(replay: boolean): Promise<number> {
  await fetch(`${stack.dbUrl}/-/stats/reset`, { method: 'POST' });
  const setup = { dbUrl: stack.dbUrl, secretsKey: 'YmVuY2gtc2VjcmV0cy1rZXktMzItYnl0ZXMtbG9uZyEhIQ==', password: 'demo-password-1', iterations: 40, warmup: 10, replay };
  const [result] = await cpuPerRequest(bundle, precheck, setup);
  expect(result!.status).toBe(200);
  const { namespaces } = (await (await fetch(`${stack.dbUrl}/-/stats`)).json()) as { namespaces: Record<string, { requests: number }> };
  return Object.values(namespaces).reduce((sum, n) => sum + n.requests, 0);
}

describe('bench replay mode', () => {
  it('answers the timed requests from the recording, not the database', { timeout: 120_000 }, async () => {
    expect(await roundTripsDuring(false)).toBeGreaterThanOrEqual(50);
    // Sign-in, one request before recording, the recorded one; nothing for the other 49.
    expect(await roundTripsDuring(true)).toBeLessThanOrEqual(5);
  });
});
