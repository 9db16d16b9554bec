/**
 * What the product ships, gzipped: the worker bundle (from `wrangler deploy --dry-run`) and the
 * portal's JS and CSS (from the `dist/portal` build). Used by the size budgets in `npm test`
 * (test/node/budgets.test.ts) and by `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PORTAL_DIST = join(ROOT, 'dist', 'portal');

/** The pages a visitor can land on first: signed out (sign-in) or signed in (dashboard). */
export const FIRST_ROUTES = ['sign-in', 'dashboard'] as const;

export const gzipSize = (bytes: Buffer | string) => gzipSync(bytes).length;

/** Gzipped size of the worker as `wrangler deploy` would upload it. */
export async function workerBundleGzip(): Promise<{ raw: number; gzip: number; nonAscii: string[] }> {
  const outdir = await mkdtemp(join(tmpdir(), 'prm-worker-bundle-'));
  try {
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const files = (await readdir(outdir)).filter((f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.wasm'));
    const contents = await Promise.all(files.map((f) => readFile(join(outdir, f))));
    const all = Buffer.concat(contents);
    // Each non-ASCII character of the scripts, with some context (see budgets.test.ts).
    const scripts = contents.filter((_, i) => !files[i]!.endsWith('.wasm')).map((b) => b.toString('utf8'));
    const nonAscii = scripts.flatMap((text) => [...text.matchAll(/[^\x00-\x7f]/g)].map((m) => text.slice(Math.max(0, m.index - 40), m.index + 10)));
    return { raw: all.length, gzip: gzipSize(all), nonAscii };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export interface PortalSizes {
  /** The entry chunk and everything it imports statically (the shell every page loads). */
  shellJs: number;
  /** Per lazily loaded page chunk: shell + that page with its static imports. */
  routes: Record<string, number>;
  /** The largest of FIRST_ROUTES: what the first page load costs at most. */
  firstRouteJs: number;
  firstRoute: string;
  totalJs: number;
  css: number;
}

/** Gzipped JS per route of the built portal, following the chunks' static imports. */
export async function portalSizes(dist = PORTAL_DIST): Promise<PortalSizes> {
  const assets = join(dist, 'assets');
  const names = await readdir(assets);
  const code = new Map<string, string>();
  for (const name of names.filter((n) => n.endsWith('.js'))) code.set(name, await readFile(join(assets, name), 'utf8'));
  const gz = new Map([...code].map(([name, text]) => [name, gzipSize(text)]));

  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  if (entries.length === 0) throw new Error(`no module script in ${join(dist, 'index.html')}`);

  const closure = (roots: string[]) => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || !code.has(name)) return;
      seen.add(name);
      // Static imports and re-exports only; `import("./x.js")` is a lazy chunk.
      for (const m of code.get(name)!.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(m[1]!);
    };
    roots.forEach(visit);
    return seen;
  };
  const sum = (chunks: Set<string>) => [...chunks].reduce((n, c) => n + (gz.get(c) ?? 0), 0);

  const shell = closure(entries);
  const lazy = new Set<string>();
  for (const text of code.values()) for (const m of text.matchAll(/\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)) lazy.add(m[1]!);
  const routes: Record<string, number> = {};
  for (const chunk of lazy) routes[chunk.replace(/-[\w-]{8}\.js$/, '')] = sum(closure([...entries, chunk]));

  const candidates = FIRST_ROUTES.filter((r) => r in routes);
  const firstRoute = candidates.sort((a, b) => routes[b]! - routes[a]!)[0] ?? '(shell)';
  const cssFiles = names.filter((n) => n.endsWith('.css'));
  const css = (await Promise.all(cssFiles.map((f) => readFile(join(assets, f))))).reduce((n, b) => n + gzipSize(b), 0);
  return {
    shellJs: sum(shell),
    routes,
    firstRouteJs: firstRoute === '(shell)' ? sum(shell) : routes[firstRoute]!,
    firstRoute,
    totalJs: [...gz.values()].reduce((a, b) => a + b, 0),
    css,
  };
}
