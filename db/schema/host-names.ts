import { parse } from 'tldts-icann';
import tlds from 'tlds';

/**
 * Public-suffix parsing of host names, shared by the customer match keys and the webhook URL
 * guard. tldts-icann carries only the ICANN section of the Public Suffix List — the section
 * both callers already used (tldts ignores private suffixes such as github.io by default) — at
 * about 60% of the full list's size. It cannot tell a delegated TLD from an unknown one (both
 * fall back to the "*" rule), so that comes from the IANA root zone list (`tlds`).
 */
export interface HostParts {
  /** Registrable domain (`acme.co.uk`), null for IPs, bare suffixes and single labels. */
  domain: string | null;
  publicSuffix: string | null;
  isIp: boolean;
  /** The last label is a delegated top-level domain (not `.local`, `.internal`, a typo). */
  knownTld: boolean;
}

const TLDS: ReadonlySet<string> = new Set(tlds);
let asciiTlds: ReadonlySet<string> | undefined;

/** `xn--p1ai` ≡ `рф`: the list holds IDN TLDs in Unicode; their ASCII forms are derived once, on first need. */
function isKnownTld(label: string): boolean {
  if (TLDS.has(label)) return true;
  if (!label.startsWith('xn--')) return false;
  asciiTlds ??= new Set(tlds.filter((t) => /[^a-z0-9-]/.test(t)).map((t) => new URL(`http://x.${t}`).hostname.slice(2)));
  return asciiTlds.has(label);
}

export function parseHost(input: string): HostParts {
  const parsed = parse(input);
  const tld = parsed.publicSuffix?.split('.').at(-1)?.toLowerCase() ?? '';
  return { domain: parsed.domain, publicSuffix: parsed.publicSuffix, isIp: parsed.isIp === true, knownTld: tld !== '' && isKnownTld(tld) };
}
