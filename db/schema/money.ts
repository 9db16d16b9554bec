/**
 * Money is stored exactly, as an integer count of the currency's minor unit (cents, yen,
 * fils). The number of minor digits comes from Intl (ISO 4217 data in ICU), so JPY has 0,
 * EUR 2 and BHD 3. Pure and browser-safe: the portal form uses the same rules.
 */

let currencies: ReadonlySet<string> | undefined;

/** ISO 4217 codes the runtime knows (Intl.supportedValuesOf('currency')). */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const digitsByCurrency = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (USD → 2, JPY → 0, BHD → 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    // Building an Intl.NumberFormat costs far more than the rest of a row's mapping: once per currency.
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

export type ToMinorResult =
  | { ok: true; minor: number }
  | { ok: false; reason: 'too_many_decimals' | 'out_of_range'; digits: number };

/**
 * A major-unit amount (12.34 USD) as exact minor units (1234). Refuses amounts with more
 * decimals than the currency has (12.345 USD, 1.5 JPY) rather than rounding them away, and
 * amounts whose minor units are not safe integers.
 */
export function toMinor(amount: number, currency: string): ToMinorResult {
  const digits = currencyDigits(currency);
  const scale = 10 ** digits;
  const minor = Math.round(amount * scale);
  if (!Number.isFinite(amount) || !Number.isSafeInteger(minor)) return { ok: false, reason: 'out_of_range', digits };
  // Dividing by a power of ten yields the double nearest to the decimal with `digits`
  // places; it equals the input exactly when the input had no more places than that.
  if (minor / scale !== amount) return { ok: false, reason: 'too_many_decimals', digits };
  return { ok: true, minor };
}

/** Minor units back to the major-unit number the API shows (1234 USD → 12.34). */
export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}
