/** Calendar dates (YYYY-MM-DD, UTC) for certificates: shared vocabulary of the worker and the demo seed. */

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** `date` plus `months` calendar months, clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(year, month, Math.min(d, lastDay))));
}

/** The expiry date of a certificate earned on `earnedOn`; null when the program never expires. */
export function expiryOf(earnedOn: string, validityMonths: number | null): string | null {
  return validityMonths === null ? null : addMonths(earnedOn, validityMonths);
}

