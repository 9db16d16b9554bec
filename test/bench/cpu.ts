/**
 * CPU per request and startup CPU of the deployable worker bundle, each beside the minimal
 * reference worker (test/bench/reference-worker.ts: plain Hono + @libsql/client/web doing the
 * same database work) built and measured the same way in the same run. Used by `npm run bench`
 * (test/bench/run.ts) and the startup budget in `npm test` (test/node/budgets.test.ts).
 */
import { execFile, fork } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { CpuJob, CpuRequest, LockstepMessage } from './cpu-child.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
export const REFERENCE_CONFIG = join(ROOT, 'test', 'bench', 'reference.wrangler.toml');
const run = promisify(execFile);
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

/** `wrangler deploy --dry-run` into `outdir`: the bundle as it would be uploaded. Returns the path of its main module. */
export async function buildBundle(outdir: string, config?: string, extraArgs: string[] = []): Promise<string> {
  await run(WRANGLER, ['deploy', '--dry-run', '--outdir', outdir, ...(config ? ['--config', config] : []), ...extraArgs], {
    cwd: ROOT,
    env: wranglerEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
  const main = (await readdir(outdir)).find((f) => f.endsWith('.js'));
  if (!main) throw new Error(`no bundle in ${outdir}`);
  return join(outdir, main);
}

/** `wrangler deploy --dry-run --outfile`: the multipart bundle as uploaded, for `wrangler check startup --worker`. */
async function buildStartupBundle(outfile: string, config?: string): Promise<string> {
  await run(WRANGLER, ['deploy', '--dry-run', '--outfile', outfile, ...(config ? ['--config', config] : [])], {
    cwd: ROOT,
    env: wranglerEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
  return outfile;
}

/**
 * Startup CPU in ms of a prebuilt bundle: `wrangler check startup` profiles the worker's module
 * evaluation in workerd; this sums the time of every sample that is not idle (script, GC,
 * compiling).
 */
export async function startupCpuMs(bundle: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'prm-startup-'));
  try {
    const outfile = join(dir, 'startup.cpuprofile');
    await run(WRANGLER, ['check', 'startup', '--worker', bundle, '--outfile', outfile], { cwd: ROOT, env: wranglerEnv, maxBuffer: 16 * 1024 * 1024 });
    return nonIdleMs(JSON.parse(await readFile(outfile, 'utf8')) as CpuProfile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Sampled time outside `(idle)`, each sample lasting until the next one (as DevTools counts it). */
export function nonIdleMs(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let us = 0;
  for (let i = 0; i + 1 < profile.samples.length; i++) if (!idle.has(profile.samples[i]!)) us += profile.timeDeltas[i + 1]!;
  return us / 1000;
}

/**
 * CPU time (not wall time, so a busy machine does not inflate it) a fresh Node process spends
 * importing a bundle: compiling it and evaluating its top level, as workerd does at startup.
 * The bundle is imported as `.mjs` so Node does not scan it for its module format, and an
 * empty module's cost is subtracted: what remains is the bundle's own.
 */
export async function evalCpuMs(bundle: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'prm-eval-'));
  try {
    const copy = join(dir, 'bundle.mjs');
    const empty = join(dir, 'empty.mjs');
    await copyFile(bundle, copy);
    await writeFile(empty, 'export default {};\n');
    const cost = async (file: string) => {
      const script = `const t = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(file).href)}); const d = process.cpuUsage(t); console.log((d.user + d.system) / 1000);`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
      return Number(stdout.trim().split('\n').at(-1));
    };
    return Math.max(0, (await cost(copy)) - (await cost(empty)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median of `runs` evalCpuMs of each bundle, interleaved. */
export async function evalBeside(app: string, reference: string, runs = 5): Promise<{ app: number; reference: number }> {
  const a: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await evalCpuMs(app));
    r.push(await evalCpuMs(reference));
  }
  return { app: median(a), reference: median(r) };
}

/**
 * Startup CPU of the app and the reference, each the mean of `runs` profiles of the same
 * prebuilt bundle, taken in turn. workerd's profiler samples about every 1.1 ms and a startup
 * is a few samples long, so one run reads in whole samples (1–4): the mean of many runs is the
 * estimate, where a median would stay a whole number of samples.
 */
export async function startupBeside(runs = 12): Promise<{ app: number; reference: number; runs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'prm-startup-bundles-'));
  try {
    const appBundle = await buildStartupBundle(join(dir, 'app.bundle'));
    const refBundle = await buildStartupBundle(join(dir, 'reference.bundle'), REFERENCE_CONFIG);
    const app: number[] = [];
    const reference: number[] = [];
    for (let i = 0; i < runs; i++) {
      app.push(await startupCpuMs(appBundle));
      reference.push(await startupCpuMs(refBundle));
    }
    return { app: mean(app), reference: mean(reference), runs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface CpuSetup {
  dbUrl: string;
  secretsKey: string;
  password: string;
  iterations?: number;
  warmup?: number;
  /** Write a V8 CPU profile of each route's timed requests into this directory (profiling, not measuring). */
  profileDir?: string;
  /** Answer the database from a recording: only the worker's own JavaScript is timed (cpu-child.ts). */
  replay?: boolean;
}

/**
 * CPU per request of the app and the reference, in lockstep: both bundles run in their own
 * process at once, and the parent hands out chunks of `chunk` requests in turn (app, reference,
 * reference, app, …), so a change in machine load hits both alike. Each process times only its
 * own chunks. A process's own state (what its JIT and heap made of the run) moves its figures by
 * up to a third, so this is repeated with `pairs` fresh pairs of processes. Per route: the
 * median chunk of each side over all pairs, in ms per request.
 */
export async function cpuBeside(
  app: string,
  reference: string,
  requests: CpuRequest[],
  setup: CpuSetup,
  pairs = 6,
  chunks = 10,
  chunk = 25,
): Promise<Array<{ name: string; app: number; reference: number }>> {
  const appMs: number[][] = requests.map(() => []);
  const refMs: number[][] = requests.map(() => []);
  for (let pair = 0; pair < pairs; pair++) {
    // Profiles: of the first pair only.
    const profileDir = pair === 0 ? setup.profileDir : undefined;
    const [a, r] = await Promise.all([
      lockstepChild(app, requests, { ...setup, profileDir }),
      lockstepChild(reference, requests, { ...setup, profileDir: profileDir && join(profileDir, 'reference') }),
    ]);
    try {
      for (const [route, req] of requests.entries()) {
        for (let i = 0; i < chunks; i++) {
          const order = (i + pair) % 2 === 0 ? [a, r] : [r, a];
          for (const side of order) {
            const { cpuUs, status } = await side.run(route, chunk);
            if (status >= 400) throw new Error(`${req.name}: status ${status}`);
            (side === a ? appMs : refMs)[route]!.push(cpuUs / 1000 / chunk);
          }
        }
      }
    } finally {
      await Promise.all([a.stop(), r.stop()]);
    }
  }
  // BENCH_CHUNKS=1: every chunk's figure on stderr (pair by pair), to see the spread behind a median.
  if (process.env.BENCH_CHUNKS) for (const [i, req] of requests.entries()) process.stderr.write(`${req.name}\n  app ${appMs[i]!.map((x) => x.toFixed(2)).join(' ')}\n  ref ${refMs[i]!.map((x) => x.toFixed(2)).join(' ')}\n`);
  return requests.map((req, i) => ({ name: req.name, app: median(appMs[i]!), reference: median(refMs[i]!) }));
}

/** A cpu-child.ts process in lockstep mode, warmed up and ready for `run`. */
async function lockstepChild(bundle: string, requests: CpuRequest[], setup: CpuSetup) {
  if (setup.profileDir) await mkdir(setup.profileDir, { recursive: true });
  const child = fork(join(ROOT, 'test', 'bench', 'cpu-child.ts'), [JSON.stringify(cpuJob(bundle, requests, setup))], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: setup.profileDir ? { ...process.env, BENCH_PROFILE_DIR: setup.profileDir } : process.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = () =>
    new Promise<{ cpuUs: number; status: number; ready?: boolean }>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`cpu-child for ${bundle} exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as { cpuUs: number; status: number });
      });
    });
  await next();
  return {
    run(route: number, count: number) {
      const answer = next();
      child.send({ kind: 'run', route, count } satisfies LockstepMessage);
      return answer;
    },
    async stop() {
      if (child.exitCode === null) child.send({ kind: 'done' } satisfies LockstepMessage);
      await exited;
    },
  };
}

function cpuJob(bundle: string, requests: CpuRequest[], setup: CpuSetup): CpuJob {
  const origin = 'http://localhost:8787';
  return {
    bundle,
    origin,
    password: setup.password,
    env: { TURSO_DATABASE_URL: setup.dbUrl, APP_ENV: 'development', PORTAL_URL: origin, SECRETS_KEY: setup.secretsKey, DB_TRACE: '0', WEBHOOK_ALLOW_HOSTS: '' },
    requests,
    iterations: setup.iterations ?? 100,
    warmup: setup.warmup ?? Number(process.env.BENCH_WARMUP ?? 20),
    replay: setup.replay ?? Boolean(process.env.BENCH_REPLAY),
  };
}

/** Runs requests against a bundle in a child process; CPU ms per request by name. */
export async function cpuPerRequest(bundle: string, requests: CpuRequest[], setup: CpuSetup): Promise<Array<{ name: string; cpuMs: number; status: number }>> {
  const job = cpuJob(bundle, requests, setup);
  const child = join(ROOT, 'test', 'bench', 'cpu-child.ts');
  if (setup.profileDir) await mkdir(setup.profileDir, { recursive: true });
  const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [child, JSON.stringify(job)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
    env: setup.profileDir ? { ...process.env, BENCH_PROFILE_DIR: setup.profileDir } : process.env,
  });
  if (process.env.BENCH_RECORD_SQL) process.stderr.write(stderr);
  const line = stdout.trim().split('\n').at(-1)!;
  return (JSON.parse(line) as { results: Array<{ name: string; cpuMs: number; status: number }> }).results;
}
