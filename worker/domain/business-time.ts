/**
 * Business time for approval SLAs: the clock runs Monday to Friday (UTC) and stops over the
 * weekend. A registration submitted Friday 15:00 with a 2-business-day SLA is due Tuesday
 * 15:00; one submitted on Saturday starts its clock Monday 00:00. Holidays are not modelled.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

const isWeekend = (ms: number) => {
  const day = new Date(ms).getUTCDay();
  return day === 0 || day === 6;
};
const startOfUtcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The instant itself on a weekday; the following Monday 00:00 UTC on a weekend. */
export function nextBusinessInstant(ms: number): number {
  let at = ms;
  while (isWeekend(at)) at = startOfUtcDay(at) + DAY_MS;
  return at;
}

/** The instant `days` whole business days after `from` (the SLA deadline). */
export function addBusinessDays(from: number, days: number): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');
  let at = nextBusinessInstant(from) + Math.floor(days / 5) * WEEK_MS;
  for (let left = days % 5; left > 0; left--) {
    at += DAY_MS;
    while (isWeekend(at)) at += DAY_MS;
  }
  return at;
}

/** Milliseconds of weekday time in [from, to); 0 when `to` is not after `from`. */
export function businessMsBetween(from: number, to: number): number {
  if (to <= from) return 0;
  const fullWeeks = Math.floor((to - from) / WEEK_MS);
  let total = fullWeeks * 5 * DAY_MS;
  // Walk the remainder (under a week) one UTC day segment at a time.
  let at = from + fullWeeks * WEEK_MS;
  while (at < to) {
    const segmentEnd = Math.min(startOfUtcDay(at) + DAY_MS, to);
    if (!isWeekend(at)) total += segmentEnd - at;
    at = segmentEnd;
  }
  return total;
}

export type SlaState = 'on_track' | 'due_soon' | 'overdue';

export interface SlaStatus {
  dueAt: number;
  state: SlaState;
  /** Calendar hours since submission. */
  ageHours: number;
  /** Business days since submission (weekday time ÷ 24 h). */
  ageBusinessDays: number;
}

/** Share of the SLA left below which a registration counts as due soon. */
export const DUE_SOON_SHARE = 0.25;

/** Age and SLA state of a pending registration submitted at `submittedAt`, as of `now`. */
export function slaStatus(submittedAt: number, now: number, slaBusinessDays: number): SlaStatus {
  const dueAt = addBusinessDays(submittedAt, slaBusinessDays);
  const slaMs = slaBusinessDays * DAY_MS;
  const leftMs = businessMsBetween(now, dueAt);
  const state: SlaState = now >= dueAt ? 'overdue' : leftMs <= slaMs * DUE_SOON_SHARE ? 'due_soon' : 'on_track';
  return {
    dueAt,
    state,
    ageHours: round1(Math.max(0, now - submittedAt) / HOUR_MS),
    ageBusinessDays: round2(businessMsBetween(submittedAt, now) / DAY_MS),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
