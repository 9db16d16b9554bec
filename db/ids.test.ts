import { describe, expect, it, vi } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('is a prefix and 80 random bits in base32, never repeated across pool refills', () => {
    const ids = Array.from({ length: 2_000 }, () => newId('dl'));
    for (const id of ids) expect(id).toMatch(/^dl_[a-z2-7]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws randomness 4 KiB at a time, not once per id', () => {
    const fill = vi.spyOn(crypto, 'getRandomValues');
    try {
      for (let i = 0; i < 1_000; i++) newId('evt');
      // 1,000 ids × 10 bytes = 10,000 bytes: three refills of 4,096 at most.
      expect(fill.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(fill.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      fill.mockRestore();
    }
  });
});
