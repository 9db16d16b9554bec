import { COUNTRY_CODES } from '../../../db/schema/country-codes.ts';
import { isCurrency, toMinor } from '../../../worker/domain/money.ts';
import { bodyOf, type DealDraft, type FieldErrors } from '../components/deal-fields.tsx';

/**
 * The registration form's checks, as you type: the same rules and messages as the API's
 * DealInputSchema (worker/resources/deals/schemas.ts), hand-written so the form ships neither
 * zod nor the public-suffix list. test/node/deal-validation.test.ts feeds the same samples to
 * both and fails when they disagree.
 *
 * One rule is looser here on purpose: the domain is checked for shape only (labels, a
 * top-level domain of letters); whether it is a registrable domain under the public-suffix
 * list (`co.uk` alone is not) is the server's call, answered by the live pre-check and on submit.
 */

export type DealBody = ReturnType<typeof bodyOf>;
type Field = keyof DealBody;

const COUNTRIES = COUNTRY_CODES;

// zod 4's email pattern (z.regexes.email), so both sides accept the same addresses.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
// zod 4's ISO date (z.iso.date()): YYYY-MM-DD with a day that exists in that month.
const ISO_DATE =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))$/;

/** As the server's `earliestCloseDate`: today in the time zone furthest behind UTC (UTC−12). */
const earliestCloseDate = (now = Date.now()) => new Date(now - 12 * 3_600_000).toISOString().slice(0, 10);

const DOMAIN_MESSAGE = "Enter the customer's web domain, e.g. acme.com";

/** Text as `z.string().trim().min(1, 'Required').max(max)`; `optional` allows it to be absent. */
function text(value: unknown, max: number, optional = false): string | undefined {
  if (value === undefined) return optional ? undefined : 'Required';
  if (typeof value !== 'string') return 'Expected a string';
  const trimmed = value.trim();
  if (!optional && trimmed.length < 1) return 'Required';
  if (trimmed.length > max) return `At most ${max} characters`;
  return undefined;
}

/** Whether the input has the shape of a domain, URL or email address with a host name in it. */
export function looksLikeDomain(input: string): boolean {
  let host = input.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split(/[/?#]/)[0]!;
  host = host.slice(host.lastIndexOf('@') + 1);
  host = host.replace(/:\d*$/, '').replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return false; // IP addresses have no registrable domain
  const labels = host.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  return labels.every((l) => /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(l)) && /^(?:\p{L}{2,63}|xn--[a-z0-9-]{2,59})$/u.test(tld);
}

const checks: { [F in Field]: (value: DealBody[F]) => string | undefined } = {
  customerName: (v) => text(v, 200),
  customerDomain: (v) => {
    if (typeof v !== 'string') return v === undefined ? 'Required' : 'Expected a string';
    const trimmed = v.trim();
    if (trimmed.length < 1) return 'Required';
    if (trimmed.length > 253) return 'At most 253 characters';
    return looksLikeDomain(trimmed) ? undefined : DOMAIN_MESSAGE;
  },
  contactName: (v) => text(v, 200),
  contactEmail: (v) => {
    if (typeof v !== 'string') return v === undefined ? 'Required' : 'Expected a string';
    if (!EMAIL.test(v)) return 'Invalid email address';
    return v.length > 254 ? 'At most 254 characters' : undefined;
  },
  contactTitle: (v) => text(v, 200, true),
  country: (v) => (typeof v === 'string' && COUNTRIES.has(v) ? undefined : 'Use an ISO 3166-1 alpha-2 country code, e.g. DE'),
  products: (v) => {
    if (!Array.isArray(v)) return v === undefined ? 'Required' : 'Expected an array';
    if (v.some((id) => typeof id !== 'string' || id.length < 1)) return 'Must not be empty';
    if (v.some((id) => id.length > 64)) return 'At most 64 characters';
    if (v.length < 1) return 'Pick at least one product';
    if (v.length > 20) return 'At most 20 items';
    return new Set(v).size === v.length ? undefined : 'Each product only once';
  },
  estimatedValue: (v) => {
    if (v === undefined) return 'Required';
    if (typeof v !== 'number' || !Number.isFinite(v)) return 'Expected a number';
    return v > 0 ? undefined : 'Must be more than 0';
  },
  currency: (v) => (typeof v === 'string' && /^[A-Z]{3}$/.test(v) && isCurrency(v) ? undefined : 'Use an ISO 4217 currency code, e.g. EUR'),
  expectedCloseDate: (v) => {
    if (typeof v !== 'string') return v === undefined ? 'Required' : 'Expected a string';
    if (!ISO_DATE.test(v)) return 'Invalid ISO date';
    return v >= earliestCloseDate() ? undefined : 'The expected close date cannot be in the past';
  },
  notes: (v) => text(v, 5000, true),
};

/** First error per field of a DealInput body, with the API's messages. */
export function validateDeal(body: DealBody): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of Object.keys(checks) as Field[]) {
    const message = (checks[field] as (v: unknown) => string | undefined)(body[field]);
    if (message) errors[field] = message;
  }
  // The amount must fit the currency's minor unit (12.345 USD, 1.5 JPY), as the server's superRefine.
  const { estimatedValue: value, currency } = body;
  if (!errors.estimatedValue && value !== undefined && currency && isCurrency(currency)) {
    const minor = toMinor(value, currency);
    if (!minor.ok) errors.estimatedValue = minor.reason === 'too_many_decimals' ? `${currency} amounts have at most ${minor.digits} decimal ${minor.digits === 1 ? 'place' : 'places'}` : 'The amount is too large';
  }
  return errors;
}

/**
 * Checks a draft before it is sent. Returns field errors (a blank field reads "Required"), or
 * the body to send.
 */
export function validateDraft(draft: DealDraft): { ok: true; body: DealBody } | { ok: false; errors: FieldErrors } {
  const body = bodyOf(draft);
  const found = validateDeal(body);
  const fields = Object.keys(found) as Field[];
  if (fields.length === 0) return { ok: true, body };
  const errors: FieldErrors = {};
  for (const field of fields) {
    const blank = body[field] === undefined || body[field] === '';
    errors[field] = blank && field !== 'products' ? 'Required' : found[field];
  }
  return { ok: false, errors };
}
