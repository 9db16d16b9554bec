import { describe, expect, it } from 'vitest';
import { CURSOR_MAX_LENGTH, decodeCursor, encodeCursor, pageFrom } from './cursor.ts';
import { ProblemError } from './problem.ts';

const rejected = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ProblemError && e.status === 400;
  }
  return false;
};

describe('the one cursor codec', () => {
  it('round-trips text sort keys in any script', () => {
    for (const at of ['Škoda', 'Macy’s', '東京海上', 'Ελληνικά', '😀 Emoji & Co', 'a"b\\c', '\u0000\u001f']) {
      expect(decodeCursor(encodeCursor({ at, id: 'cus_1' }), { key: 'text' })).toEqual({ at, id: 'cus_1' });
    }
  });

  it('stays within CURSOR_MAX_LENGTH for the longest key (200 characters, worst-case JSON escaping)', () => {
    for (const at of ['€'.repeat(200), '\u0001'.repeat(200), '😀'.repeat(100), 'x'.repeat(200)]) {
      const cursor = encodeCursor({ at, id: 'dl_abcdefghijklmnop' }, 'closeDate');
      expect(cursor.length).toBeLessThanOrEqual(CURSOR_MAX_LENGTH);
      expect(decodeCursor(cursor, { key: 'text', tag: 'closeDate' })?.at).toBe(at);
    }
  });

  it('refuses a cursor of another sort, another key kind, or garbage with 400', () => {
    const newest = encodeCursor({ at: 1_700_000_000_000, id: 'dl_1' }, 'newest');
    expect(decodeCursor(newest, { tag: 'newest' })).toEqual({ at: 1_700_000_000_000, id: 'dl_1' });
    expect(rejected(() => decodeCursor(newest, { tag: 'oldest' }))).toBe(true);
    expect(rejected(() => decodeCursor(newest))).toBe(true);
    expect(rejected(() => decodeCursor(encodeCursor({ at: 'Škoda', id: 'x' })))).toBe(true);
    expect(rejected(() => decodeCursor(encodeCursor({ at: 9e15, id: 'x' })))).toBe(true);
    expect(rejected(() => decodeCursor('garbage'))).toBe(true);
    expect(rejected(() => decodeCursor('_w'))).toBe(true); // not UTF-8
    expect(decodeCursor(undefined)).toBeNull();
  });

  it('pageFrom answers a cursor only when there is a next page', () => {
    const rows = [{ n: 'Škoda', id: 'a' }, { n: 'Macy’s', id: 'b' }, { n: 'Zeta', id: 'c' }];
    expect(pageFrom(rows, 3, (r) => ({ at: r.n, id: r.id })).nextCursor).toBeNull();
    const page = pageFrom(rows, 2, (r) => ({ at: r.n, id: r.id }));
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!, { key: 'text' })).toEqual({ at: 'Macy’s', id: 'b' });
  });
});
