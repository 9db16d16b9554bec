/**
 * When to try a webhook delivery again. Plain functions: the queue consumer asks
 * `afterAttempt()` what to do with each response.
 */

/** Delays before attempts 2…8 (seconds): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (≈ 28 h in all). */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
/** An endpoint whose every attempt failed for this long is disabled. */
export const FAILING_DISABLE_MS = 5 * 86_400_000;
/** Cloudflare Queues refuses longer delays. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;
/** ±10 %, so endpoints that failed together are not retried together. */
const JITTER = 0.1;

/** What one attempt produced: an HTTP status, or null when no response arrived. */
export interface AttemptOutcome {
  status: number | null;
  /** The raw `Retry-After` header of a 429/503, if any. */
  retryAfter?: string | null;
}

export type NextStep =
  | { kind: 'delivered' }
  | { kind: 'retry'; delaySeconds: number }
  | { kind: 'dead' }
  /** 410 Gone: the receiver says the endpoint no longer exists. */
  | { kind: 'disable'; reason: string };

/** Only a 2xx counts as delivered; 3xx (redirects are not followed) and everything else fail. */
export const isDelivered = (status: number | null) => status !== null && status >= 200 && status < 300;

/**
 * The step after attempt number `attempt` (1-based) ended with `outcome`.
 * `random` is injectable for tests (0…1).
 */
export function afterAttempt(attempt: number, outcome: AttemptOutcome, now: Date, random: () => number = Math.random): NextStep {
  if (isDelivered(outcome.status)) return { kind: 'delivered' };
  if (outcome.status === 410) return { kind: 'disable', reason: 'The endpoint answered 410 Gone.' };
  if (attempt >= MAX_ATTEMPTS) return { kind: 'dead' };
  return { kind: 'retry', delaySeconds: retryDelaySeconds(attempt, outcome, now, random) };
}

/** The delay before attempt `attempt + 1`: the schedule with jitter, or a later `Retry-After`. */
export function retryDelaySeconds(attempt: number, outcome: AttemptOutcome, now: Date, random: () => number = Math.random): number {
  const base = RETRY_SCHEDULE_SECONDS[Math.min(attempt, RETRY_SCHEDULE_SECONDS.length) - 1] ?? RETRY_SCHEDULE_SECONDS[0];
  const jittered = Math.max(1, Math.round(base * (1 - JITTER + 2 * JITTER * random())));
  const asked = outcome.status === 429 || outcome.status === 503 ? parseRetryAfter(outcome.retryAfter, now) : null;
  return Math.min(MAX_QUEUE_DELAY_SECONDS, asked !== null && asked > jittered ? asked : jittered);
}

/** `Retry-After` as seconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** True when an endpoint failing since `failingSince` has failed long enough to be disabled. */
export function failingTooLong(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= FAILING_DISABLE_MS;
}
