import type { Counter, Limit } from './rate-limit.ts';

export { loginAccountKey, loginIpKey } from './rate-limit.ts';

/**
 * Sign-in throttling that a guesser cannot turn against the account owner. Failures count per
 * (account, client address) with exponential backoff and per address; the account alone only
 * has a high cap with a short delay, never a long lock. A guesser elsewhere slows down only
 * themselves; the owner, from their own address, signs in. Brute force stays impractical: one
 * address gets a handful of guesses per account before waits double from a minute up to an
 * hour, and at most 50 failures an hour across all accounts.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Free failures per (account, address) before backoff starts. */
export const PAIR_FREE_FAILURES = 5;
/** First backoff, doubled per further failure, capped. */
const PAIR_FIRST_DELAY_MS = MINUTE;
const PAIR_MAX_DELAY_MS = HOUR;
/** A (account, address) counter is forgotten after this long without a failure. */
const PAIR_FORGET_MS = 24 * HOUR;

/** Per address, across accounts (password spraying): a fixed window. */
export const LOGIN_IP_LIMIT: Limit = { max: 50, windowMs: HOUR };

/** Per account across all addresses (a distributed guesser): beyond this many, a short pause. */
export const ACCOUNT_FREE_FAILURES = 100;
const ACCOUNT_DELAY_MS = 5 * SECOND;
const ACCOUNT_FORGET_MS = 15 * MINUTE;

export const loginPairKey = (email: string, ip: string | null) => `login:pair:${ip ?? 'unknown'}:${email}`;

/**
 * Backoff counters store the time of the last failure in `windowStart` and the failures since
 * the counter was last forgotten in `count`.
 */
export interface Backoff {
  /** Failures allowed without waiting. */
  free: number;
  /** Wait after the n-th failure beyond `free` (n = 1, 2, …). */
  delayMs: (beyond: number) => number;
  /** A counter whose last failure is older than this starts again from zero. */
  forgetMs: number;
}

export const PAIR_BACKOFF: Backoff = {
  free: PAIR_FREE_FAILURES,
  delayMs: (beyond) => Math.min(PAIR_FIRST_DELAY_MS * 2 ** (beyond - 1), PAIR_MAX_DELAY_MS),
  forgetMs: PAIR_FORGET_MS,
};

export const ACCOUNT_BACKOFF: Backoff = { free: ACCOUNT_FREE_FAILURES, delayMs: () => ACCOUNT_DELAY_MS, forgetMs: ACCOUNT_FORGET_MS };

/** Seconds to wait before the next attempt under a backoff counter; 0 = go ahead. */
export function backoffSeconds(counter: Counter | undefined, backoff: Backoff, now: number): number {
  if (!counter) return 0;
  const last = counter.windowStart.getTime();
  if (now - last >= backoff.forgetMs || counter.count < backoff.free) return 0;
  const until = last + backoff.delayMs(counter.count - backoff.free + 1);
  return until > now ? Math.ceil((until - now) / SECOND) : 0;
}

/** Wrong current passwords on POST /auth/password, per user: a stolen session must not become a password oracle. */
export const PASSWORD_CHANGE_LIMIT: Limit = { max: 5, windowMs: 15 * MINUTE };
export const passwordChangeKey = (userId: string) => `password:user:${userId}`;
