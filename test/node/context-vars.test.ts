import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Hono's `c.var` is a getter that builds a fresh object from every variable the request has set
 * (`Object.fromEntries`) on each access; `c.get('db')` is one Map lookup. A request reads its
 * variables dozens of times, so worker code uses `c.get` (docs/benchmarks.md, CPU per request).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VAR_ACCESS = /\b\w+\.var\.\w+|\b\w+\.var\b(?!\w)(?=\s*[[)])/g;

export function varAccesses(source: string): number[] {
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  return [...source.matchAll(VAR_ACCESS)].map((m) => lineOf(m.index));
}

describe('context variables', () => {
  it('recognises c.var reads and leaves c.get and other names alone', () => {
    expect(varAccesses("const db = c.var.db;\nconst a = c.get('actor');")).toEqual([1]);
    expect(varAccesses('log(ctx.var.requestId)')).toEqual([1]);
    expect(varAccesses('const variance = 1; let x = obj.variant;')).toEqual([]);
  });

  it('worker and db code read request variables with c.get, not c.var', async () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const dir of ['worker', 'db']) {
      for (const entry of await readdir(`${ROOT}/${dir}`, { recursive: true })) {
        const file = `${dir}/${entry.split('\\').join('/')}`;
        if (!file.endsWith('.ts')) continue;
        scanned++;
        for (const line of varAccesses(await readFile(`${ROOT}/${file}`, 'utf8'))) offenders.push(`${file}:${line}`);
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
