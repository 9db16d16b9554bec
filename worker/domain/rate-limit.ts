const MINUTE = 60_000;

export interface Limit {
  /** Failures allowed inside one window. */
  max: number;
  windowMs: number;
}

/** Failed sign-ins: per account (guessing one password) and per IP (spraying many accounts). */
export const LOGIN_LIMITS = {
  account: { max: 10, windowMs: 15 * MINUTE },
  ip: { max: 50, windowMs: 15 * MINUTE },
} as const satisfies Record<string, Limit>;

export const loginAccountKey = (email: string) => `login:account:${email}`;
export const loginIpKey = (ip: string) => `login:ip:${ip}`;

export interface Counter {
  windowStart: Date;
  count: number;
}

/**
 * Seconds until the caller may try again, or 0 when the counter allows another attempt.
 * Fixed windows: a window that has ended no longer counts.
 */
export function retryAfterSeconds(counter: Counter | undefined, limit: Limit, now: number): number {
  if (!counter) return 0;
  const ends = counter.windowStart.getTime() + limit.windowMs;
  if (ends <= now || counter.count < limit.max) return 0;
  return Math.max(1, Math.ceil((ends - now) / 1000));
}
