/**
 * Certification dates. Certificates carry calendar dates (YYYY-MM-DD, UTC): one is valid
 * through its expiry day and expired from the next day on.
 */

const DAY_MS = 86_400_000;

// Calendar helpers shared with the demo seed (db/ may not import worker/).
import { addMonths, isoDay } from '../../../db/schema/calendar-dates.ts';
export { addMonths, expiryOf, isoDay } from '../../../db/schema/calendar-dates.ts';

/** Valid on `today` (inclusive of the expiry day). */
export function isValidOn(expiresOn: string | null, today: string): boolean {
  return expiresOn === null || expiresOn >= today;
}

/** Expired on `today`: the day after its expiry day or later. */
export const isExpiredOn = (expiresOn: string | null, today: string) => !isValidOn(expiresOn, today);

/** Days before expiry that `certification.expiring` is raised. */
export const EXPIRING_NOTICE_DAYS = 30;

/** The last expiry date that gets its warning on `today`: today + 30 days. */
export function expiringHorizon(today: string): string {
  return isoDay(new Date(Date.parse(today) + EXPIRING_NOTICE_DAYS * DAY_MS));
}

/** First day of the trailing 12-month window that ends with `today` (inclusive on both ends). */
export function trailingYearStart(today: string): string {
  return isoDay(new Date(Date.parse(addMonths(today, -12)) + DAY_MS));
}

/** A calendar date that is real (2026-02-30 is not). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === value;
}

export type RecordingRole = 'partner_rep' | 'partner_admin' | 'manager' | 'admin';

/**
 * Who may record a certificate for whom: a rep for themself; a partner admin for themself or a
 * teammate of the same company; staff for any partner user. Returns the reason it is refused.
 */
export function recordRefusal(
  actor: { role: RecordingRole; userId: string; partnerId: string | null },
  holder: { id: string; partnerId: string | null; status: string } | undefined,
): 'unknown_user' | 'not_yours' | null {
  if (!holder || holder.partnerId === null || holder.status !== 'active') return 'unknown_user';
  if (actor.role === 'manager' || actor.role === 'admin') return null;
  if (holder.partnerId !== actor.partnerId) return 'unknown_user';
  if (actor.role === 'partner_rep' && holder.id !== actor.userId) return 'not_yours';
  return null;
}
