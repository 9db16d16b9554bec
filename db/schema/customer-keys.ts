import { parseHost } from './host-names.ts';

/**
 * The stored customer match keys (deals.registrable_domain, customer_name_key,
 * customer_name_token and the customers table's keys): how a typed domain or company name
 * becomes the value the indexes hold. Shared vocabulary: the worker's conflict rules
 * (worker/domain/customer-match.ts) and the demo seed both derive keys with these.
 */

/**
 * The registrable domain (public-suffix aware, via ./host-names.ts) of a domain, URL or email address,
 * lower-case and in ASCII (punycode): `https://www.Shop.Acme.co.uk/x` → `acme.co.uk`.
 * Null when there is none (IP address, bare public suffix, unknown TLD, garbage).
 */
export function registrableDomain(input: string): string | null {
  // A request derives the same domain more than once (its schema's check, then its handler).
  if (domains.has(input)) return domains.get(input)!;
  const domain = deriveDomain(input);
  if (domains.size >= MEMO_SIZE) domains.delete(domains.keys().next().value!);
  domains.set(input, domain);
  return domain;
}

/** Per-isolate memo of registrableDomain (a pure function of its input), oldest out first. */
const domains = new Map<string, string | null>();
const MEMO_SIZE = 500;

function deriveDomain(input: string): string | null {
  const parsed = parseHost(input.trim());
  if (!parsed.domain || parsed.isIp || !parsed.knownTld) return null;
  try {
    return new URL(`http://${parsed.domain}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Legal-form words dropped from company names ("Acme GmbH" ≡ "ACME"). */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'mbh', 'ag', 'kg', 'ug', 'sa', 'sas', 'sarl',
  'srl', 'spa', 'bv', 'nv', 'pty', 'plc', 'corp', 'corporation', 'co', 'company', 'oy', 'oyj', 'ab', 'as', 'asa',
  'aps', 'kk', 'pte', 'pvt', 'sl', 'se', 'cv', 'sro', 'zoo', 'sp', 'holding', 'holdings', 'group',
]);

/**
 * Significant words of a company name: diacritics folded, lower-case, punctuation dropped,
 * "&" read as "and", a leading "the" and trailing legal forms removed.
 * `"The Ácme Co., Ltd."` → `["acme"]`.
 */
export function nameTokens(name: string): string[] {
  return [...tokensOf(name)];
}

// nameKey and nameToken of the same name usually follow each other: the last result is kept.
let lastName: string | null = null;
let lastTokens: readonly string[] = [];
function tokensOf(name: string): readonly string[] {
  if (name !== lastName) {
    lastTokens = deriveTokens(name);
    lastName = name;
  }
  return lastTokens;
}

function deriveTokens(name: string): string[] {
  const tokens = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "S.A." and "O'Brien" (straight or curly apostrophe, U+2019) are one word each.
    .replace(/(?<=\p{L})[.'\u2019](?=\p{L})/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  while (tokens.length > 1 && LEGAL_SUFFIXES.has(tokens.at(-1)!)) tokens.pop();
  return tokens;
}

/** The matching key of a company name: its significant words, space-separated. */
export function nameKey(name: string): string {
  return tokensOf(name).join(' ');
}

/** First significant word: the indexed column that finds fuzzy-match candidates. */
export function nameToken(name: string): string {
  return tokensOf(name)[0] ?? '';
}
