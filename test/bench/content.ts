/**
 * The content library's download path: a 50 MB file downloaded through the worker (streamed
 * from R2) while the worker's memory is sampled, next to reading the same object straight
 * from local R2 (wrangler's platform proxy on the same persisted state). `npm run bench --
 * content` runs only this and replaces its section of docs/benchmarks.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { getPlatformProxy } from 'wrangler';
import type { Stack } from '../../scripts/stack.ts';
import type { Env } from '../../worker/env.ts';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_CONTENT_MB ?? 50) * MB;
const RUNS = 3;

export interface ContentBench {
  size: number;
  worker: { mbps: number; ms: number }[];
  direct: { mbps: number; ms: number }[];
  rssBefore: number;
  rssPeak: number;
}

/** workerd processes started by this process (wrangler dev's children), for their memory. */
function workerdPids(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${child}/comm`, 'utf8').includes('workerd')) found.push(child);
      } catch {
        // gone meanwhile
      }
      walk(child);
    }
  };
  walk(root);
  return found;
}

const rss = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    try {
      return sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      return sum;
    }
  }, 0);

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

export async function benchContent(stack: Stack, dataDir: string, manager: Record<string, string>, partner: Record<string, string>): Promise<ContentBench> {
  // 50 MB, not all zeros, uploaded through the streamed raw-body path.
  const file = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i += 4096) file[i] = i & 0xff;
  const query = new URLSearchParams({ title: 'Bench 50 MB', category: 'training', status: 'published', fileName: 'bench-50mb.bin' });
  const up = await fetch(`${stack.url}/api/v1/content?${query}`, {
    method: 'POST',
    headers: { ...manager, origin: stack.url, 'content-type': 'application/octet-stream' },
    body: file,
  });
  if (up.status !== 201) throw new Error(`bench upload: ${up.status} ${await up.text()}`);
  const asset = (await up.json()) as { id: string };

  const pids = workerdPids();
  const rssBefore = rss(pids);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rss(pids))), 20);
  const worker: ContentBench['worker'] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${stack.url}/api/v1/content/${asset.id}/download`, { headers: partner });
      const bytes = await drain(res.body!);
      const ms = performance.now() - t0;
      if (bytes !== SIZE) throw new Error(`bench download: ${bytes} bytes`);
      worker.push({ ms, mbps: SIZE / MB / (ms / 1000) });
    }
  } finally {
    clearInterval(sampler);
  }

  const db = createClient({ url: stack.dbUrl });
  const key = String((await db.execute({ sql: 'select object_key from content_assets where id = ?', args: [asset.id] })).rows[0]!.object_key);
  db.close();
  const proxy = await getPlatformProxy<Pick<Env, 'CONTENT_BUCKET'>>({ persist: { path: join(dataDir, 'wrangler-state', 'v3') }, remoteBindings: false });
  const direct: ContentBench['direct'] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const object = await proxy.env.CONTENT_BUCKET.get(key);
      const bytes = await drain(object!.body as unknown as ReadableStream<Uint8Array>);
      const ms = performance.now() - t0;
      if (bytes !== SIZE) throw new Error(`bench direct read: ${bytes} bytes`);
      direct.push({ ms, mbps: SIZE / MB / (ms / 1000) });
    }
  } finally {
    await proxy.dispose();
  }
  return { size: SIZE, worker, direct, rssBefore, rssPeak };
}

export function contentSection(r: ContentBench): string {
  const best = (runs: { mbps: number; ms: number }[]) => runs.reduce((a, b) => (b.mbps > a.mbps ? b : a));
  const median = (runs: { mbps: number }[]) => [...runs].sort((a, b) => a.mbps - b.mbps)[Math.floor(runs.length / 2)]!.mbps;
  const w = best(r.worker);
  const d = best(r.direct);
  return `<!-- content:start -->
## Content download: 50 MB through the worker vs straight from local R2

\`GET /api/v1/content/{id}/download\` as a Gold partner (session cookie, visibility check, download
recorded), ${RUNS} runs each, against reading the same object from wrangler's local R2 in-process
(platform proxy on the same persisted state). Memory: resident set of the workerd process(es)
of \`wrangler dev\`, sampled every 20 ms during the worker downloads.

| path | best | median | best time |
| --- | ---: | ---: | ---: |
| through the worker (HTTP, streamed) | ${w.mbps.toFixed(0)} MB/s | ${median(r.worker).toFixed(0)} MB/s | ${w.ms.toFixed(0)} ms |
| local R2 directly | ${d.mbps.toFixed(0)} MB/s | ${median(r.direct).toFixed(0)} MB/s | ${d.ms.toFixed(0)} ms |

workerd memory: ${(r.rssBefore / MB).toFixed(0)} MB before, ${(r.rssPeak / MB).toFixed(0)} MB peak while serving the 50 MB file ${RUNS} times
(+${((r.rssPeak - r.rssBefore) / MB).toFixed(1)} MB: the file is streamed, never held whole).

Command: \`npm run bench -- content\` (only this section).
<!-- content:end -->
`;
}
