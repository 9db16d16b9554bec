/**
 * A customer's web domain as lists show it: `https://www.WingtipToys.com:443/shop` →
 * `wingtiptoys.com`. Display only, and deliberately cheap (no public-suffix list in the
 * browser): scheme, credentials, `www.`, port, path, query and a trailing dot go, the rest
 * is lowercased. The detail page keeps the value as typed.
 */
export function displayDomain(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^@/]*@/, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d*$/, '')
    .replace(/\.$/, '')
    .replace(/^www\d*\./, '');
}
