import { describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, retryAfterSeconds } from './rate-limit.ts';

const limit = LOGIN_LIMITS.account;
const start = new Date(1_000_000);

describe('retryAfterSeconds', () => {
  it('allows attempts below the limit and without a counter', () => {
    expect(retryAfterSeconds(undefined, limit, 1_000_000)).toBe(0);
    expect(retryAfterSeconds({ windowStart: start, count: limit.max - 1 }, limit, 1_000_000)).toBe(0);
  });

  it('blocks at the limit until the window ends, rounding up', () => {
    expect(retryAfterSeconds({ windowStart: start, count: limit.max }, limit, 1_000_000)).toBe(limit.windowMs / 1000);
    expect(retryAfterSeconds({ windowStart: start, count: limit.max }, limit, 1_000_000 + limit.windowMs - 1)).toBe(1);
    expect(retryAfterSeconds({ windowStart: start, count: limit.max + 5 }, limit, 1_000_000 + limit.windowMs)).toBe(0);
  });
});
