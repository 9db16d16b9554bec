import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  RETRY_SCHEDULE_SECONDS,
  afterAttempt,
  failingTooLong,
  parseRetryAfter,
  retryDelaySeconds,
} from './webhook-retry.ts';

const now = new Date('2026-11-26T12:00:00Z');
const mid = () => 0.5;

describe('afterAttempt', () => {
  it('counts only 2xx as delivered', () => {
    expect(afterAttempt(1, { status: 200 }, now)).toEqual({ kind: 'delivered' });
    expect(afterAttempt(1, { status: 204 }, now)).toEqual({ kind: 'delivered' });
    for (const status of [301, 302, 400, 404, 500, null]) {
      expect(afterAttempt(1, { status }, now, mid)).toEqual({ kind: 'retry', delaySeconds: 5 });
    }
  });

  it('follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then dead-letters', () => {
    const delays = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const step = afterAttempt(attempt, { status: 500 }, now, mid);
      expect(step.kind).toBe('retry');
      delays.push(step.kind === 'retry' ? step.delaySeconds : 0);
    }
    expect(delays).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(afterAttempt(MAX_ATTEMPTS, { status: 500 }, now, mid)).toEqual({ kind: 'dead' });
  });

  it('disables the endpoint on 410 Gone, whatever the attempt', () => {
    expect(afterAttempt(1, { status: 410 }, now).kind).toBe('disable');
    expect(afterAttempt(MAX_ATTEMPTS, { status: 410 }, now).kind).toBe('disable');
  });
});

describe('retryDelaySeconds', () => {
  it('jitters within ±10 % of the schedule', () => {
    for (const [i, base] of RETRY_SCHEDULE_SECONDS.entries()) {
      const low = retryDelaySeconds(i + 1, { status: 500 }, now, () => 0);
      const high = retryDelaySeconds(i + 1, { status: 500 }, now, () => 1);
      expect(low).toBeGreaterThanOrEqual(Math.floor(base * 0.9));
      expect(high).toBeLessThanOrEqual(Math.ceil(base * 1.1));
      expect(high).toBeGreaterThan(low);
    }
  });

  it('honours a later Retry-After on 429 and 503 only', () => {
    expect(retryDelaySeconds(1, { status: 429, retryAfter: '120' }, now, mid)).toBe(120);
    expect(retryDelaySeconds(1, { status: 503, retryAfter: 'Thu, 26 Nov 2026 12:10:00 GMT' }, now, mid)).toBe(600);
    expect(retryDelaySeconds(1, { status: 500, retryAfter: '120' }, now, mid)).toBe(5);
    // A sooner Retry-After does not shorten the schedule.
    expect(retryDelaySeconds(3, { status: 429, retryAfter: '1' }, now, mid)).toBe(1800);
  });

  it('never exceeds the 12 h queue delay limit', () => {
    expect(retryDelaySeconds(1, { status: 429, retryAfter: '999999' }, now, mid)).toBe(43_200);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('failingTooLong', () => {
  it('is true after 5 days of failures only', () => {
    expect(failingTooLong(null, now)).toBe(false);
    expect(failingTooLong(new Date(now.getTime() - 5 * 86_400_000 + 1000), now)).toBe(false);
    expect(failingTooLong(new Date(now.getTime() - 5 * 86_400_000), now)).toBe(true);
  });
});
