import { describe, expect, it } from 'vitest';
import { customerWord } from '../bench/words.ts';

describe('bench customer words', () => {
  it('gives every registration of a run its own customer', () => {
    // Consecutive numbers (run.ts) and a process's block far above 2^32 (cpu-child.ts: pid × 100,000 + n).
    for (const base of [0, 4_194_304 * 100_000]) {
      const words = new Set(Array.from({ length: 50_000 }, (_, i) => customerWord(base + i)));
      expect(words.size).toBe(50_000);
    }
  });

  it('does not give neighbouring numbers a common start (no shared name token or prefix)', () => {
    const starts = new Set(Array.from({ length: 1_000 }, (_, i) => customerWord(i).slice(0, 3)));
    expect(starts.size).toBeGreaterThan(900);
  });
});
