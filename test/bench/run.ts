/**
 * `npm run bench`: throughput, latency, database round trips, sizes and scale of the local
 * stack on this machine, written to docs/benchmarks.md. Loopback only; every load run is
 * bounded (a few seconds each), the whole run takes a few minutes on 2 cores.
 */
import autocannon from 'autocannon';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, type Stack } from '../../scripts/stack.ts';
import { growDeals } from './bulk-deals.ts';
import { buildBundle, cpuBeside, cpuPerRequest, evalBeside, REFERENCE_CONFIG, startupBeside } from './cpu.ts';
import type { CpuRequest } from './cpu-child.ts';
import { COMPARED, EMAILS } from './compared.ts';
import { customerWord } from './words.ts';
import { PORTAL_DIST, portalSizes, workerBundleGzip } from './sizes.ts';
import { benchContent, contentSection } from './content.ts';
import { readFile } from 'node:fs/promises';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'demo-password-1';
const KB = 1024;

interface Load {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

let stack: Stack;

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'prm-bench-'));
  const needsBuild = !existsSync(join(PORTAL_DIST, 'index.html'));
  stack = await startStack({ dataDir, port: 0, dbPort: 0, seed: true, build: needsBuild, quiet: true, vars: { DB_TRACE: '1' } });
  try {
    log(`stack up at ${stack.url}`);
    const partner = await login('alice@northwind.example');
    const manager = await login('manager@vendor.example');
    const admin = await login('admin@vendor.example');
    log('content: 50 MB download');
    const content = contentSection(await benchContent(stack, dataDir, manager, partner));
    if (process.argv.includes('content')) {
      // `npm run bench -- content`: only this section of docs/benchmarks.md is replaced.
      const file = join(ROOT, 'docs/benchmarks.md');
      const doc = await readFile(file, 'utf8');
      const section = /<!-- content:start -->[\s\S]*<!-- content:end -->\n/;
      await writeFile(file, section.test(doc) ? doc.replace(section, content) : doc.replace('## Sizes (gzipped)', `${content}\n## Sizes (gzipped)`));
      log('wrote the content section of docs/benchmarks.md');
      return;
    }
    await growDeals(stack.dbUrl, 1_000);

    const registration = (n: number) =>
      JSON.stringify({
        customerName: `${customerWord(n)} Holdings`,
        customerDomain: `${customerWord(n)}.com`,
        contactName: 'Lee Load',
        contactEmail: 'lee@loadtest.example',
        country: 'DE',
        products: ['prd_platform'],
        estimatedValue: 10_000,
        currency: 'EUR',
        expectedCloseDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      });

    const loads: Load[] = [];
    loads.push(await load('GET /api/v1/ping (baseline, no database)', '/api/v1/ping', {}));
    loads.push(await load('GET /api/v1/deals?limit=50 (manager)', '/api/v1/deals?limit=50', manager));
    let n = 0;
    loads.push(await load('POST /api/v1/deals (partner admin)', '/api/v1/deals', partner, 'POST', () => registration(n++)));
    loads.push(await load('GET /api/v1/deals/queue (manager)', '/api/v1/deals/queue', manager));

    const trips = await roundTripsPerRoute({ partner, manager, admin }, () => registration(n++));
    const cpu = await cpuFigures(trips, dataDir);

    const scale: Array<{ rows: number; list: Load; precheck: Load; register: Load }> = [];
    for (const rows of [1_000, 100_000]) {
      await growDeals(stack.dbUrl, rows);
      scale.push({
        rows,
        list: await load(`list at ${rows}`, '/api/v1/deals?limit=50', manager),
        precheck: await load(`precheck at ${rows}`, '/api/v1/deals/precheck?domain=bench777.com&company=Bench%20Customer%20777', partner),
        // Registration runs conflict detection over every deal: it must stay flat as the table grows.
        register: await load(`register at ${rows}`, '/api/v1/deals', partner, 'POST', () => registration(n++)),
      });
    }

    log('measuring sizes');
    const worker = await workerBundleGzip();
    const portal = await portalSizes();
    await writeFile(join(ROOT, 'docs/benchmarks.md'), report(loads, trips, scale, worker, portal, cpu).replace('## Sizes (gzipped)', `${content}\n## Sizes (gzipped)`));
    log('wrote docs/benchmarks.md');
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const log = (line: string) => console.log(`[bench] ${line}`);

async function login(email: string): Promise<Record<string, string>> {
  const res = await fetch(`${stack.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.url },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

async function load(name: string, path: string, auth: Record<string, string>, method = 'GET', body?: string | (() => string)): Promise<Load> {
  log(`load: ${name}`);
  const headers = { ...auth, origin: stack.url, ...(body ? { 'content-type': 'application/json' } : {}) };
  const options = {
    url: `${stack.url}${path}`,
    method,
    connections: CONNECTIONS,
    headers,
    // A body factory gives every request its own body (e.g. a new customer per registration).
    ...(typeof body === 'function'
      ? { requests: [{ method, path, headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }] }
      : { body }),
  };
  await autocannon({ ...options, amount: CONNECTIONS * 20 } as never); // warm-up (JIT, page cache), not reported
  const result = await autocannon({ ...options, duration: DURATION } as never);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

interface Trip {
  route: string;
  as: string;
  status: number;
  trips: number;
  path: string;
}

/**
 * Database round trips of every operation in the OpenAPI document that demo data can call:
 * every GET with its path ids filled from demo rows, and the main writes with sample bodies.
 * Each request carries its own x-request-id; the local libSQL server counts per id.
 */
async function roundTripsPerRoute(auth: Record<'partner' | 'manager' | 'admin', Record<string, string>>, newRegistration: () => string): Promise<Trip[]> {
  log('counting database round trips per route');
  const doc = (await (await fetch(`${stack.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { 'x-access'?: { permission: string | null } }>>;
  };
  const deal = ((await call('GET', '/api/v1/deals?limit=1', auth.partner)).body as { items: Array<{ id: string }> }).items[0]!.id;
  const newDeal = async () => ((await call('POST', '/api/v1/deals', auth.partner, newRegistration())).body as { id: string }).id;
  const ids: Record<string, string> = { deal, partner: 'prt_northwind', user: 'usr_demo_nick', product: 'prd_platform' };
  const writes: Record<string, () => Promise<[string, string]>> = {
    'POST /api/v1/deals': async () => ['/api/v1/deals', newRegistration()],
    'POST /api/v1/deals/{id}/approve': async () => [`/api/v1/deals/${await newDeal()}/approve`, '{}'],
    'POST /api/v1/deals/{id}/reject': async () => [`/api/v1/deals/${await newDeal()}/reject`, JSON.stringify({ reasonCode: 'other', reason: 'bench' })],
    'POST /api/v1/deals/{id}/request-info': async () => [`/api/v1/deals/${await newDeal()}/request-info`, JSON.stringify({ reason: 'bench' })],
    'POST /api/v1/deals/{id}/withdraw': async () => [`/api/v1/deals/${await newDeal()}/withdraw`, '{}'],
  };
  const out: Trip[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${template}`;
      const permission = op['x-access']?.permission ?? null;
      const who = permission === null ? 'anonymous' : /^deals:(register|read)$|^account|^partners:view|^team/.test(permission) && !template.includes('queue') ? 'partner' : ['tokens:manage', 'webhooks:manage', 'settings:manage', 'staff:manage'].includes(permission) ? 'admin' : 'manager';
      let path: string;
      let body: string | undefined;
      if (method === 'get') {
        const resource = /\/([a-z-]+)s\/\{id\}/.exec(template)?.[1];
        if (template.includes('{') && !(resource && ids[resource] && (template.match(/\{/g) ?? []).length === 1)) continue;
        path = template.replace('{id}', ids[resource ?? ''] ?? '');
        if (template.endsWith('/precheck')) path += '?domain=bench42.com';
      } else if (writes[key]) {
        [path, body] = await writes[key]!();
      } else continue;
      let res = await call(method.toUpperCase(), path, who === 'anonymous' ? {} : auth[who], body);
      let as: string = who;
      // Public in the access table but about the caller (e.g. GET /me): ask again signed in.
      if (res.status === 401 && who === 'anonymous') [res, as] = [await call(method.toUpperCase(), path, auth.partner, body), 'partner'];
      out.push({ route: key, as, status: res.status, trips: res.trips, path });
    }
  }
  return out;
}

export interface CpuFigures {
  startup: { app: number; reference: number; runs: number };
  evalMs: { app: number; reference: number };
  compared: Array<{ name: string; app: number; reference: number }>;
  ownCode: Array<{ name: string; app: number; reference: number }>;
  routes: Array<{ name: string; cpuMs: number; status: number }>;
}

/**
 * Startup and CPU per request of the deployable bundle beside the reference worker's, built and
 * measured the same way in this run (test/bench/cpu.ts). Each bundle runs in its own Node process
 * against this stack's database; the libSQL server's work is not counted.
 */
async function cpuFigures(trips: Trip[], dataDir: string): Promise<CpuFigures> {
  log('startup CPU: wrangler check startup, worker and reference (12 each)');
  const startup = await startupBeside(12);
  const appBundle = await buildBundle(join(dataDir, 'bundle-app'));
  const refBundle = await buildBundle(join(dataDir, 'bundle-reference'), REFERENCE_CONFIG);
  const evalMs = await evalBeside(appBundle, refBundle, 5);
  log('CPU per request: compared routes (worker and reference), then every measured route');
  const setup = { dbUrl: stack.dbUrl, secretsKey: 'YmVuY2gtc2VjcmV0cy1rZXktMzItYnl0ZXMtbG9uZyEhIQ==', password: PASSWORD };
  const compared = await cpuBeside(appBundle, refBundle, COMPARED, { ...setup, iterations: 100 });
  log('CPU per request with the database replayed: the worker\'s own JavaScript (worker and reference)');
  const ownCode = await cpuBeside(appBundle, refBundle, COMPARED, { ...setup, iterations: 100, replay: true });
  const everyRoute: CpuRequest[] = trips
    .filter((t) => t.route.startsWith('GET ') && t.status === 200)
    .map((t) => ({ name: `${t.route} (${t.as})`, method: 'GET', path: t.path, as: EMAILS[t.as] }));
  const routes = await cpuPerRequest(appBundle, everyRoute, { ...setup, iterations: 30, warmup: 10 });
  return {
    startup,
    evalMs,
    compared,
    ownCode,
    routes,
  };
}

let traceCounter = 0;
async function call(method: string, path: string, auth: Record<string, string>, body?: string) {
  const requestId = `bench-${process.pid}-${++traceCounter}`;
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { ...auth, origin: stack.url, 'x-request-id': requestId, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const text = await res.text();
  const stats = (await (await fetch(`${stack.dbUrl}/-/stats?trace=${requestId}`)).json()) as { requests: number };
  return { status: res.status, trips: stats.requests, body: text ? (JSON.parse(text) as unknown) : null };
}

function report(
  loads: Load[],
  trips: Trip[],
  scale: Array<{ rows: number; list: Load; precheck: Load; register: Load }>,
  worker: { raw: number; gzip: number },
  portal: Awaited<ReturnType<typeof portalSizes>>,
  cpu: CpuFigures,
): string {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const ms1 = (n: number) => `${n.toFixed(1)} ms`;
  const largestPage = Object.entries(portal.routes).sort((a, b) => b[1] - a[1])[0] ?? ['(none)', 0];
  const base = loads[0]!;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const kb = (n: number) => `${(n / KB).toFixed(1)} KiB`;
  const machine = cpus();
  const flagged = trips.filter((t) => t.trips > (t.route.startsWith('GET') ? 1 : 2));
  const [small, large] = scale;
  return `# Benchmarks

Generated by \`npm run bench\` (test/bench/run.ts) on ${new Date().toISOString().slice(0, 10)}. Re-run it after changes; the numbers
are only comparable on the same machine.

**Machine:** ${machine.length} × ${machine[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} GiB free), Node ${process.version}, ${platform()} ${release()}.
**Setup:** \`wrangler dev\` (workerd, local mode) → local libSQL server over HTTP on loopback, fresh database with the demo seed
grown to 1,000 registrations, \`DB_TRACE=1\`. Load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per route.

## Throughput and latency

| route | requests/s | p50 | p99 | vs. baseline (req/s) | non-2xx |
| --- | ---: | ---: | ---: | ---: | ---: |
${loads.map((l) => `| ${l.name} | ${l.rps.toFixed(0)} | ${ms(l.p50)} | ${ms(l.p99)} | ${(l.rps / base.rps).toFixed(2)}× | ${l.non2xx} |`).join('\n')}

Each registration is a new customer with a distinct name (as real registrations mostly are): the full write path —
session check, conflict candidates, products and idempotency lookup in one round trip, then the row, products, audit and
outbox event in one batch.

## Startup and CPU per request, beside the reference worker

The reference (test/bench/reference-worker.ts) is plain Hono + \`@libsql/client/http\` doing the same database work for
the compared routes (same statements per round trip: the session probe, a registration's in-database conflict detection,
the outbox enqueue with the notification fan-out after it), no validation, ORM or OpenAPI. Both are built with \`wrangler deploy --dry-run\` and measured the same way in this run (test/bench/cpu.ts).

| measure | this worker | reference | ratio | goal |
| --- | ---: | ---: | ---: | --- |
| startup CPU, \`wrangler check startup\` (non-idle profile time, mean of ${cpu.startup.runs}) | ${ms1(cpu.startup.app)} | ${ms1(cpu.startup.reference)} | ${cpu.startup.reference > 0 ? ratio(cpu.startup.app, cpu.startup.reference) : 'n/a: the reference fits in one profiler sample'} | ≤ 25 ms and ≤ 4× |
| startup CPU, compile + top level in Node (CPU time, median of 5) | ${ms1(cpu.evalMs.app)} | ${ms1(cpu.evalMs.reference)} | ${ratio(cpu.evalMs.app, cpu.evalMs.reference)} | \`npm test\` fails above 12× |
${cpu.compared.map((c) => `| CPU per request, ${c.name} | ${ms1(c.app)} | ${ms1(c.reference)} | ${ratio(c.app, c.reference)} | ≤ 1.3× |`).join('\n')}
${cpu.ownCode.map((c) => `| own JavaScript per request (database replayed), ${c.name} | ${ms1(c.app)} | ${ms1(c.reference)} | ${ratio(c.app, c.reference)} | diagnostic |`).join('\n')}

\`wrangler check startup\` samples wall-clock time inside workerd about every 1.1 ms, and a startup lasts a few samples:
one run reads a whole number of samples (1–4), so the figure is the mean of ${cpu.startup.runs} runs of the same prebuilt bundles, taken in turn. The
Node figure counts CPU time only (what \`npm test\` checks). CPU per request: the bundle's own \`fetch\` in a separate
Node process (the libSQL server's work not counted), sequential requests after 20 warm-up ones, log lines muted, source maps off (as in workerd), the queues bound as in a deployment, bodies sent with their Content-Length. App and reference run at once, in lockstep: chunks of 25 requests handed out in turn (app, reference, reference, app, …) so machine load hits both alike; 6 fresh pairs of processes × 10 chunks each (a process's own JIT and heap state moves its figures); per route the median chunk. The bench run against itself (reference beside reference) gives 0.96–1.06×. The "own JavaScript" rows run the same way, but each route's database answers are recorded from one real request and replayed to every other, with no socket (\`BENCH_REPLAY=1\` in test/bench/cpu-child.ts): they leave out Node's HTTP client — JavaScript in Node, native code in workerd, and more than half of each figure above — so they show the part of a request this worker's code decides.

CPU per request of every GET route the round-trip table below reaches (30 requests each, same method):

| route | CPU per request | status |
| --- | ---: | ---: |
${cpu.routes.map((r) => `| \`${r.name}\` | ${ms1(r.cpuMs)} | ${r.status} |`).join('\n')}

## Database round trips per request

Counted at the local libSQL server per \`x-request-id\`. Budget: 1 for reads, 2 for writes.
${flagged.length ? `\n**Over budget:** ${flagged.map((t) => `\`${t.route}\` (${t.trips})`).join(', ')}.\n` : '\nEvery measured route is within budget.\n'}
| route | as | status | round trips |
| --- | --- | ---: | ---: |
${trips.map((t) => `| \`${t.route}\` | ${t.as} | ${t.status} | ${t.trips}${t.trips > (t.route.startsWith('GET') ? 1 : 2) ? ' ⚠' : ''} |`).join('\n')}

Not measured: writes without a sample body in test/bench/run.ts and routes whose path ids demo data does not provide.

## Scale: 1,000 vs 100,000 registrations

Rows generated with one \`INSERT … SELECT\` over a recursive CTE (test/bench/bulk-deals.ts).

| route | p50 @ 1k | p99 @ 1k | p50 @ 100k | p99 @ 100k | req/s 1k → 100k |
| --- | ---: | ---: | ---: | ---: | ---: |
| \`GET /api/v1/deals?limit=50\` (manager) | ${ms(small!.list.p50)} | ${ms(small!.list.p99)} | ${ms(large!.list.p50)} | ${ms(large!.list.p99)} | ${(large!.list.rps / small!.list.rps).toFixed(2)}× |
| \`GET /api/v1/deals/precheck\` (partner) | ${ms(small!.precheck.p50)} | ${ms(small!.precheck.p99)} | ${ms(large!.precheck.p50)} | ${ms(large!.precheck.p99)} | ${(large!.precheck.rps / small!.precheck.rps).toFixed(2)}× |
| \`POST /api/v1/deals\` (partner admin, conflict detection) | ${ms(small!.register.p50)} | ${ms(small!.register.p99)} | ${ms(large!.register.p50)} | ${ms(large!.register.p99)} | ${(large!.register.rps / small!.register.rps).toFixed(2)}× |

## Sizes (gzipped)

| artifact | size | budget |
| --- | ---: | ---: |
| worker bundle (\`wrangler deploy --dry-run\`) | ${kb(worker.gzip)} (${kb(worker.raw)} raw) | 250 KB |
| portal first route (${portal.firstRoute}: shell + page chunks) | ${kb(portal.firstRouteJs)} | 50 KB |
| portal largest page (${largestPage[0]}: shell + page chunks) | ${kb(largestPage[1])} | 50 KB |
| portal shell JS | ${kb(portal.shellJs)} | |
| portal JS, all chunks | ${kb(portal.totalJs)} | |
| portal CSS | ${kb(portal.css)} | |

Per page (shell + page): ${Object.entries(portal.routes).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${kb(n)}`).join(', ')}.

Command: \`npm run bench\` (optional \`BENCH_SECONDS\`, \`BENCH_CONNECTIONS\`). It needs nothing but the repository
(\`npm ci\`): it starts the local stack, builds both worker bundles and the portal if missing, and writes this file.
`;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

