/**
 * The local stack as a function: the local libSQL server on DATA_DIR, migrations, the demo seed,
 * the portal build and `wrangler dev`. `npm start` (scripts/start.ts), the browser tests
 * (test/e2e) and the benchmarks (test/bench) all start it through `startStack`.
 *
 * @example
 *   const stack = await startStack({ dataDir: tmp, port: 0, dbPort: 0, seed: true, build: false, quiet: true });
 *   await fetch(`${stack.url}/api/v1/health`);
 *   await stack.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as buildPortal } from 'vite';
import { startLibsqlServer } from '../db/local-server/server.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedDatabase } from '../db/seed/run.ts';
import { putDemoContent } from './demo-content-r2.ts';
import { startMailSink, type MailSink } from './mail-sink.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER_BIN = join(ROOT, 'node_modules', '.bin', 'wrangler');

export interface StackOptions {
  /** Holds `local.db`, the dev secrets key and wrangler's local state. */
  dataDir: string;
  /** Port of the portal/API (`wrangler dev`); 0 picks a free one. */
  port: number;
  /** Port of the local libSQL server; 0 picks a free one. */
  dbPort: number;
  /** Seed the demo program on a database that was never seeded. */
  seed: boolean;
  /** Build the portal into dist/portal first (otherwise the existing build is served). */
  build: boolean;
  /** No progress lines, and wrangler's output is kept back (shown only if it fails to start). */
  quiet: boolean;
  /** Extra worker variables, e.g. `{ DB_TRACE: '1' }`. */
  vars?: Record<string, string>;
  /** How long to wait for /api/v1/health. Default 90 s. */
  healthTimeoutMs?: number;
}

export interface Stack {
  /** Origin of the portal and API, e.g. http://localhost:8787. */
  url: string;
  /** Base URL of the local libSQL server (its default database is `<dataDir>/local.db`). */
  dbUrl: string;
  /** Where every mail the worker sends is written as an .eml file (`<dataDir>/mail`). */
  mailDir: string;
  /** Whether the demo seed ran on this start (false: the database had been seeded before). */
  seeded: boolean;
  /** Resolves with wrangler's exit code if it exits on its own (not through stop()). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const dataDir = resolve(opts.dataDir);
  const say = (line: string) => {
    if (!opts.quiet) console.log(line);
  };
  await mkdir(dataDir, { recursive: true });
  const db = await startLibsqlServer({ dataDir, port: opts.dbPort });
  say(`libSQL server   ${db.url} (database ${join(dataDir, 'local.db')})`);

  let wrangler: ChildProcess | undefined;
  let sink: MailSink | undefined;
  try {
    // Stands in for Cloudflare Email Service locally (scripts/mail-sink.ts).
    sink = await startMailSink(join(dataDir, 'mail'));
    say(`Mail            ${sink.dir} (every message as an .eml file)`);
    await migrateDatabase(db.url);
    let seeded = false;
    if (opts.seed) {
      seeded = await seedDatabase(db.url);
      say(seeded ? 'Demo data       seeded (first run)' : 'Demo data       kept from the previous run');
    }
    if (opts.build) {
      await buildPortal({ configFile: join(ROOT, 'portal/vite.config.ts'), logLevel: 'warn' });
      say('Portal          built into dist/portal');
    }
    if (seeded) {
      const files = await putDemoContent(join(dataDir, 'wrangler-state'), join(ROOT, 'wrangler.toml'));
      say(`Demo content    ${files} files in local R2`);
    }

    const port = opts.port || (await freePort());
    const url = `http://localhost:${port}`;
    const vars: Record<string, string> = {
      TURSO_DATABASE_URL: db.url,
      APP_ENV: 'development',
      PORTAL_URL: url,
      SECRETS_KEY: await devSecretsKey(dataDir),
      DB_TRACE: '0',
      MAIL_SINK_URL: sink.url,
      ...opts.vars,
    };
    const output: string[] = [];
    wrangler = spawn(
      WRANGLER_BIN,
      [
        'dev',
        '--port', String(port),
        '--ip', '127.0.0.1',
        // Two stacks (e.g. tests beside `npm start`) must not fight over the default 9229.
        '--inspector-port', String(await freePort()),
        '--persist-to', join(dataDir, 'wrangler-state'),
        ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
        // GET /__scheduled?cron=0+3+*+*+* runs the daily job on demand (README "Local stack").
        '--test-scheduled',
        '--show-interactive-dev-session=false',
        '--log-level', process.env.WRANGLER_LOG ?? 'warn',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', opts.quiet ? 'pipe' : 'inherit', opts.quiet ? 'pipe' : 'inherit'],
        // Offline: no metrics, and no fetch of workers.cloudflare.com/cf.json (placeholder `request.cf`).
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
        // Its own process group, so stop() ends wrangler and the workerd it spawned together.
        detached: true,
      },
    );
    for (const stream of [wrangler.stdout, wrangler.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.length > 200) output.shift();
      });
    }

    let stopping = false;
    const child = wrangler;
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => !stopping && done(code)));
    const earlyExit = exited.then((code) => {
      throw new Error(`wrangler dev exited (${code}) before the worker was healthy\n${output.join('')}`);
    });
    earlyExit.catch(() => {}); // observed by the race below; later exits surface through `exited`
    await Promise.race([waitForHealth(`${url}/api/v1/health`, opts.healthTimeoutMs ?? 90_000), earlyExit]);

    return {
      url,
      dbUrl: db.url,
      mailDir: sink.dir,
      seeded,
      exited,
      async stop() {
        if (stopping) return;
        stopping = true;
        await killGroup(child);
        await sink?.close();
        await db.close();
      },
    };
  } catch (err) {
    if (wrangler) await killGroup(wrangler);
    await sink?.close();
    await db.close();
    throw err;
  }
}

/** SIGTERM to the whole process group, then SIGKILL if it is still there after 5 s. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A per-installation key that encrypts webhook secrets locally; production sets SECRETS_KEY as a secret. */
async function devSecretsKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'secrets-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    await writeFile(file, key, { mode: 0o600 });
    return key;
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000}s`);
}
