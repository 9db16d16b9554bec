/**
 * `npm run bench:cpu`: only the CPU-per-request comparison with the reference worker (the three
 * routes issue 14 names), in a minute instead of the full `npm run bench`. Prints a table; writes
 * nothing. `BENCH_ROUTE=<text>`: only the routes whose name contains it. `BENCH_CPU_PROF=<dir>`:
 * write V8 CPU profiles of both child processes there (unminified bundles, kept beside them).
 * `BENCH_SELF=1`: the reference beside itself, to see what the method's own spread is (≈ 1.0×).
 * `BENCH_CHUNKS=1`: every chunk's figure on stderr. `BENCH_WARMUP=<n>`: warm-up requests per route
 * and process (default 20). `BENCH_REPLAY=1`: the database answered from a recording, so only the
 * worker's own JavaScript is measured (see cpu-child.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../scripts/stack.ts';
import { growDeals } from './bulk-deals.ts';
import { COMPARED } from './compared.ts';
import { buildBundle, cpuBeside, REFERENCE_CONFIG } from './cpu.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'prm-bench-cpu-'));
const stack = await startStack({ dataDir, port: 0, dbPort: 0, seed: true, build: false, quiet: true, vars: { DB_TRACE: '1' } });
try {
  await growDeals(stack.dbUrl, 1_000);
  const setup = { dbUrl: stack.dbUrl, secretsKey: 'YmVuY2gtc2VjcmV0cy1rZXktMzItYnl0ZXMtbG9uZyEhIQ==', password: 'demo-password-1', iterations: 100 };
  // Profiling: an unminified bundle (readable function names), kept beside the profiles.
  const profiling = process.env.BENCH_CPU_PROF;
  const appBundle = profiling ? await buildBundle(join(profiling, 'bundle-app'), undefined, ['--minify=false']) : await buildBundle(join(dataDir, 'bundle-app'));
  const refBundle = profiling
    ? await buildBundle(join(profiling, 'bundle-reference'), REFERENCE_CONFIG, ['--minify=false'])
    : await buildBundle(join(dataDir, 'bundle-reference'), REFERENCE_CONFIG);
  const routes = COMPARED.filter((r) => r.name.includes(process.env.BENCH_ROUTE ?? ''));
  const rows = await cpuBeside(process.env.BENCH_SELF ? refBundle : appBundle, refBundle, routes, { ...setup, profileDir: profiling });
  console.log('| route | app | reference | ratio |\n| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.app.toFixed(2)} ms | ${r.reference.toFixed(2)} ms | ${(r.app / r.reference).toFixed(2)}× |`);
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
