/**
 * CPU time per request of a built worker bundle, run in this (separate) Node process so the
 * local libSQL server's work in the parent is not counted. Spawned by test/bench/cpu.ts with one
 * JSON argument; prints one JSON line `{ results: [{ name, cpuMs, status }] }`. Forked with an IPC
 * channel it runs in lockstep instead: timed chunks on the parent's command (`LockstepMessage`).
 *
 * Every request goes through the bundle's own `fetch` (routing, middleware, validation, JSON)
 * and its database round trips over HTTP, sequentially, after a warm-up.
 */
import { copyFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { customerWord } from './words.ts';

export interface CpuRequest {
  name: string;
  method: string;
  path: string;
  /** `{{n}}` is replaced by a distinct word per request (a new customer per registration). */
  body?: string;
  /** Sign in first as this user (the session cookie is sent with the request). */
  as?: string;
}

/** Lockstep mode: run `count` timed requests of route `route` and answer `{ cpuUs, status }`; or stop. */
export type LockstepMessage = { kind: 'run'; route: number; count: number } | { kind: 'done' };

export interface CpuJob {
  bundle: string;
  env: Record<string, string>;
  origin: string;
  password: string;
  requests: CpuRequest[];
  iterations: number;
  warmup: number;
  /** Answer the database from a recording (see `tape` below): the worker's own JavaScript only. */
  replay?: boolean;
}

// The worker's JSON log lines: a pipe write per request costs Node far more than Workers Logs costs workerd.
const print = console.log.bind(console);
console.log = () => {};

const job = JSON.parse(process.argv[2]!) as CpuJob;
// Imported as `.mjs`: tsx (this script's loader) re-compiles a `.js` module, which changes the
// code measured and its line numbers in profiles.
const bundle = job.bundle.replace(/\.js$/, '.mjs');
if (bundle !== job.bundle) await copyFile(job.bundle, bundle);
// tsx turns Node's source-map support on; left on, Node would read the bundle's .map (its
// sourcesContent: megabytes for the app, little for the reference) into the measured heap at
// import. workerd never loads a source map, so neither does the bench.
process.setSourceMapsEnabled(false);
const worker = (await import(pathToFileURL(bundle).href)).default as {
  fetch(req: Request, env: unknown, ctx: unknown): Promise<Response>;
};
const noop = async () => {};
// BENCH_RECORD_SQL=1: print every Hrana request body to stderr (how the reference's SQL was taken).
if (process.env.BENCH_RECORD_SQL) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    console.error(`SQL ${req.url} ${await req.clone().text()}`);
    return realFetch(req);
  }) as typeof fetch;
}
/**
 * Replay (`BENCH_REPLAY=1`): each route's database answers are recorded from one real request,
 * then every other warm-up and timed request gets them from that recording, in order, with no
 * socket. What is left is the worker's own JavaScript (routing, validation, SQL building, Hrana
 * encoding and decoding, JSON): Node's HTTP client drops out — JavaScript in Node, native code in
 * workerd, and more than half of a request's CPU in the normal run. A round trip beyond the
 * recording (a last-seen refresh falling due) goes to the server.
 */
const tape = { mode: 'off' as 'off' | 'record' | 'replay', answers: [] as Array<{ status: number; body: string }>, next: 0 };
const tapes = new Map<CpuRequest, typeof tape.answers>();
if (job.replay) {
  const realFetch = globalThis.fetch;
  const answer = (a: { status: number; body: string }) => new Response(a.body, { status: a.status, headers: { 'content-type': 'application/json' } });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (tape.mode === 'record') {
      const res = await realFetch(input, init);
      const recorded = { status: res.status, body: await res.text() };
      tape.answers.push(recorded);
      return answer(recorded);
    }
    const recorded = tape.mode === 'replay' ? tape.answers[tape.next++] : undefined;
    return recorded ? answer(recorded) : realFetch(input, init);
  }) as typeof fetch;
}

// The queues a deployment binds: without MAIL_QUEUE the worker logs a warning per registration.
const env = { ...job.env, WEBHOOK_QUEUE: { send: noop, sendBatch: noop }, MAIL_QUEUE: { send: noop, sendBatch: noop } };

let counter = 0;
async function call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  tape.next = 0;
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {} };
  const text = body?.replaceAll('{{n}}', customerWord(process.pid * 100_000 + counter++));
  // A body comes with its length, as from any HTTP client (a Request built here has none).
  const sized: Record<string, string> = text === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(text).length) };
  const res = await worker.fetch(new Request(`${job.origin}${path}`, { method, headers: { origin: job.origin, ...sized, ...headers }, body: text }), env, ctx);
  await res.arrayBuffer();
  await Promise.all(pending);
  return res;
}

const sessions = new Map<string, Record<string, string>>();
async function headersFor(email: string | undefined): Promise<Record<string, string>> {
  if (!email) return {};
  if (!sessions.has(email)) {
    const res = await call('POST', '/api/v1/auth/login', {}, JSON.stringify({ email, password: job.password }));
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
    sessions.set(email, { cookie: res.headers.get('set-cookie')!.split(';')[0]! });
  }
  return sessions.get(email)!;
}

// BENCH_PROFILE_DIR: a V8 CPU profile of each route's timed requests only (no start-up, no warm-up).
const profileDir = process.env.BENCH_PROFILE_DIR;
const inspector = profileDir ? new (await import('node:inspector/promises')).Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  // 100 µs, not the default 1 ms: a request is a few ms, so the default gives a handful of samples each.
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
}

/** `count` timed requests of one route: CPU µs used and the last status. */
async function timed(r: CpuRequest, count: number): Promise<{ cpuUs: number; status: number }> {
  const headers = await headersFor(r.as);
  replaying(r);
  let status = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) status = (await call(r.method, r.path, headers, r.body)).status;
  const used = process.cpuUsage(start);
  return { cpuUs: used.user + used.system, status };
}

async function warm(r: CpuRequest) {
  const headers = await headersFor(r.as);
  if (job.replay) {
    // One real request first (a previous route may have left replay on): what happens only once —
    // a resource's first load, a due last-seen refresh — stays out of the recording.
    tape.mode = 'off';
    await call(r.method, r.path, headers, r.body);
    tape.mode = 'record';
    tape.answers = [];
    const { status } = await call(r.method, r.path, headers, r.body);
    if (status >= 400) throw new Error(`${r.name}: recording answered ${status}`);
    tapes.set(r, tape.answers);
    replaying(r);
  }
  for (let i = 0; i < job.warmup; i++) await call(r.method, r.path, headers, r.body);
  tape.mode = 'off';
}

/** Replay mode: answer the database from route `r`'s recording from now on. */
function replaying(r: CpuRequest) {
  if (!job.replay) return;
  tape.mode = 'replay';
  tape.answers = tapes.get(r)!;
}

async function writeProfile(index: number) {
  if (!inspector) return;
  const { profile } = await inspector.post('Profiler.stop');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`${profileDir}/route-${index}.cpuprofile`, JSON.stringify(profile));
}

if (process.send) {
  // Lockstep mode (test/bench/cpu.ts cpuBeside): the parent alternates chunks between this
  // process and the other bundle's, so both see the same machine load.
  for (const r of job.requests) await warm(r);
  let profiling = -1;
  process.on('message', (msg: LockstepMessage) => {
    void (async () => {
      if (msg.kind === 'done') {
        if (profiling >= 0) await writeProfile(profiling);
        process.exit(0);
      }
      if (inspector && profiling !== msg.route) {
        if (profiling >= 0) await writeProfile(profiling);
        await inspector.post('Profiler.start');
        profiling = msg.route;
      }
      process.send!(await timed(job.requests[msg.route]!, msg.count));
    })();
  });
  process.send({ ready: true });
} else {
  const results: Array<{ name: string; cpuMs: number; status: number }> = [];
  for (const [index, r] of job.requests.entries()) {
    await warm(r);
    if (inspector) await inspector.post('Profiler.start');
    const { cpuUs, status } = await timed(r, job.iterations);
    await writeProfile(index);
    results.push({ name: r.name, cpuMs: cpuUs / 1000 / job.iterations, status });
  }
  print(JSON.stringify({ results }));
}

