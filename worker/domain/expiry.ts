import { DAY_MS } from './business-time.ts';

/**
 * Deal protection windows: how long an approval protects its customer, how far an extension
 * pushes the expiry, and when the cron job warns that protection is about to end.
 */

/** Approved deals expiring within this many days get one `deal.expiring` warning. */
export const EXPIRING_WARNING_DAYS = 14;

/** Deals the cron job handles per run and per kind (expire / warn): bounded batches. */
export const LIFECYCLE_BATCH_SIZE = 200;

/** Latest expiry an extension may set, counted from now: protects against typos (2062 for 2026). */
export const MAX_PROTECTION_DAYS_AHEAD = 730;

/** Protection days for a partner: its tier's benefit, or the program default without a tier. */
export function protectionDaysFor(tierProtectionDays: number | null | undefined, defaultProtectionDays: number): number {
  return tierProtectionDays ?? defaultProtectionDays;
}

/** Expiry of a deal approved at `approvedAt`. */
export function approvalExpiry(approvedAt: Date, protectionDays: number): Date {
  return new Date(approvedAt.getTime() + protectionDays * DAY_MS);
}

/** Default new expiry of an approved extension: another protection period from the current expiry (or now, if later). */
export function defaultExtendedExpiry(currentExpiresAt: Date | null, now: Date, protectionDays: number): Date {
  const from = Math.max(currentExpiresAt?.getTime() ?? 0, now.getTime());
  return new Date(from + protectionDays * DAY_MS);
}

/** Why a requested new expiry is unacceptable, or null when it is fine. */
export function invalidExtendedExpiry(requested: Date, currentExpiresAt: Date | null, now: Date): string | null {
  const floor = Math.max(currentExpiresAt?.getTime() ?? 0, now.getTime());
  if (requested.getTime() <= floor) return 'must be later than the current expiry and than now';
  if (requested.getTime() > now.getTime() + MAX_PROTECTION_DAYS_AHEAD * DAY_MS) {
    return `must be within ${MAX_PROTECTION_DAYS_AHEAD} days from now`;
  }
  return null;
}

/** The instant before which an approved deal's expiry counts as "expiring soon" at `now`. */
export function expiringHorizon(now: Date): Date {
  return new Date(now.getTime() + EXPIRING_WARNING_DAYS * DAY_MS);
}
