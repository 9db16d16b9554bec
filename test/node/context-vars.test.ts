import { describe, expect, it } from 'vitest';
import { scanSources } from './source-scan.ts';

/**
 * Hono's `c.var` is a getter that builds a fresh object from every variable the request has set
 * (`Object.fromEntries`) on each access; `c.get('db')` is one Map lookup. A request reads its
 * variables dozens of times, so worker code uses `c.get` (docs/benchmarks.md, CPU per request).
 */
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
    const { offenders, scanned } = await scanSources(['worker', 'db'], (file) => file.endsWith('.ts'), varAccesses);
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
