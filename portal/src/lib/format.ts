/** Display formatting with the browser's locale (Intl), never hand-rolled. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `estimatedValue` comes in major units with its ISO 4217 currency. */
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  if (!currency) return new Intl.NumberFormat().format(amount);
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

const compactMoneyFormats = new Map<string, Intl.NumberFormat>();

/** "€31K", "$151.5K", "¥2.4M": for tiles; always pair it with the full amount (title, hidden text). */
export function formatMoneyCompact(amount: number, currency: string): string {
  let format = compactMoneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    compactMoneyFormats.set(currency, format);
  }
  return format.format(amount);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** ISO datetimes and plain `YYYY-MM-DD` dates (read as calendar dates, not UTC midnight shifted). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 5 days", "3 hours ago". */
export function formatRelative(value: string | null | undefined, now = Date.now()): string {
  if (!value) return '—';
  const diff = new Date(value).getTime() - now;
  const hours = diff / 3_600_000;
  if (Math.abs(hours) < 1) return relative.format(Math.round(diff / 60_000), 'minute');
  if (Math.abs(hours) < 48) return relative.format(Math.round(hours), 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

const numberFormat = new Intl.NumberFormat();
export const formatNumber = (n: number | null | undefined) => (n === null || n === undefined ? '—' : numberFormat.format(n));

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
export const formatPercent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? '—' : percentFormat.format(ratio);

/** snake_case enum values → "Snake case" labels. */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
