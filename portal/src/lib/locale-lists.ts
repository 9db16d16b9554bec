import { COUNTRY_CODES } from '../../../db/schema/country-codes.ts';

/** ISO 3166-1 countries, named in the user's language (Intl.DisplayNames), sorted by that name. */
export function countryOptions(): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames(undefined, { type: 'region' });
  const collator = new Intl.Collator();
  return [...COUNTRY_CODES]
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** Currencies most deals use, listed first; the rest follow from the runtime's ISO 4217 list. */
const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'INR', 'SGD'];

export function currencyOptions(): { common: Array<{ code: string; name: string }>; other: Array<{ code: string; name: string }> } {
  const names = new Intl.DisplayNames(undefined, { type: 'currency' });
  const all = Intl.supportedValuesOf('currency');
  const named = (code: string) => ({ code, name: `${code} — ${names.of(code) ?? code}` });
  return {
    common: COMMON_CURRENCIES.filter((c) => all.includes(c)).map(named),
    other: all.filter((c) => !COMMON_CURRENCIES.includes(c)).map(named),
  };
}

/** A sensible default currency for the browser's region (EUR in Germany, USD in the US). */
export function defaultCurrency(): string {
  const region = new Intl.Locale(navigator.language).maximize().region;
  const euro = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'];
  if (region && euro.includes(region)) return 'EUR';
  const byRegion: Record<string, string> = { GB: 'GBP', CH: 'CHF', JP: 'JPY', CA: 'CAD', AU: 'AUD', IN: 'INR' };
  return (region && byRegion[region]) ?? 'USD';
}
