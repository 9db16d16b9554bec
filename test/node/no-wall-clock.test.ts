import { describe, expect, it } from 'vitest';
import { scanSources } from './source-scan.ts';

/**
 * No test asserts how long something took: on a loaded machine any bound fails, and timings
 * belong in `npm run bench` (as ratios between runs on the same machine). A test that must
 * prove "does not wait" makes the wait longer than the test timeout instead.
 */
const DIRS = ['test', 'worker', 'db', 'scripts'];
const isTestCode = (file: string) => /\.(test|helpers)\.ts$/.test(file) || /^test\/(worker|e2e|setup|libsql-server)\/[^/]+\.ts$/.test(file);
const SELF = 'test/node/no-wall-clock.test.ts';

const CLOCK = String.raw`(?:Date|performance)\.now\(\)`;
const ORDERING = String.raw`\.(?:not\.)?toBe(?:Less|Greater)Than(?:OrEqual)?\(`;

/** Lines of `source` (1-based) that assert on an elapsed wall-clock time. */
export function wallClockAssertions(source: string): number[] {
  const lines = new Set<number>();
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  const add = (re: RegExp) => {
    for (const m of source.matchAll(re)) lines.add(lineOf(m.index));
  };
  // expect(Date.now() - started).toBeLessThan(…)
  add(new RegExp(String.raw`expect\(\s*${CLOCK}\s*-[^;]*?\)\s*${ORDERING}`, 'g'));
  // const elapsed = Date.now() - started; … expect(elapsed).toBeLessThan(…) / elapsed < 1000
  for (const m of source.matchAll(new RegExp(String.raw`(?:const|let|var)\s+([\w$]+)\s*=\s*${CLOCK}\s*-`, 'g'))) {
    const name = m[1]!;
    add(new RegExp(String.raw`expect\(\s*${name}\s*[,)][^;]*?${ORDERING}`, 'g'));
    add(new RegExp(String.raw`\b${name}\s*[<>]=?\s*\d`, 'g'));
  }
  return [...lines].sort((a, b) => a - b);
}

describe('wall-clock assertions', () => {
  it('recognises the shapes it forbids, and leaves clock arithmetic alone', () => {
    expect(wallClockAssertions('const started = Date.now();\nawait stop();\nexpect(Date.now() - started).toBeLessThan(2000);')).toEqual([3]);
    expect(wallClockAssertions('const t0 = performance.now();\nexpect(performance.now() - t0).toBeGreaterThanOrEqual(300);')).toEqual([2]);
    expect(wallClockAssertions('const elapsed = Date.now() - started;\nexpect(res.status).toBe(201);\nexpect(elapsed).toBeLessThan(1_000);')).toEqual([3]);
    expect(wallClockAssertions('const elapsed = Date.now() - started;\nif (elapsed < 1000) ok();')).toEqual([2]);
    expect(wallClockAssertions('seedDeal(db, { approvedAt: new Date(Date.now() - 10 * DAY) });\nexpect(rows).toHaveLength(2);')).toEqual([]);
  });

  it('no test file asserts how long something took', async () => {
    const { offenders, scanned } = await scanSources(DIRS, (file) => file !== SELF && isTestCode(file), wallClockAssertions);
    expect(scanned).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
