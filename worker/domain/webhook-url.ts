import { parseHost } from '../../db/schema/host-names.ts';

/**
 * Which webhook URLs the worker may call (server-side request forgery guard). Checked when an
 * endpoint is saved (422 with the reason) and again before every delivery.
 *
 * Literal IPs are checked against loopback, private (RFC 1918, fc00::/7), link-local
 * (169.254/16 incl. the 169.254.169.254 metadata service, fe80::/10), CGNAT (100.64/10) and
 * other non-public ranges; host names against loopback and metadata names and names without a
 * public (ICANN) suffix (`.internal`, `.local`, single labels). Names are not resolved: the
 * Workers runtime offers no DNS lookup of its own, and in production its `fetch` cannot reach
 * private address ranges anyway (see docs/webhooks.md).
 */
export interface WebhookUrlPolicy {
  appEnv: 'development' | 'test' | 'production';
  /** WEBHOOK_ALLOW_HOSTS: host names exempt from the private-range rules (local CRMs in development). */
  allowHosts?: string;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.internal']);

export function checkWebhookUrl(input: string, policy: WebhookUrlPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('Enter an absolute URL, e.g. https://crm.example.com/webhooks/partner-portal');
  }
  const host = url.hostname.toLowerCase();
  const local = policy.appEnv !== 'production';
  const allowListed = allowedHosts(policy.allowHosts).has(host);
  const loopbackInDev = local && LOOPBACK_NAMES.has(host);

  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && (loopbackInDev || allowListed))) {
    return refuse(local ? 'Use https:// (http:// only for localhost or 127.0.0.1 in local development).' : 'Use an https:// URL.');
  }
  if (url.username || url.password) return refuse('Remove the user name and password from the URL; deliveries are signed instead.');
  if (allowListed || loopbackInDev) return { ok: true, url };

  if (host.startsWith('[')) {
    const reason = blockedIpv6(host.slice(1, -1));
    return reason ? refuse(`The address is ${reason}; webhooks go to public hosts only.`) : { ok: true, url };
  }
  const v4 = parseIpv4(host);
  if (v4) {
    const reason = blockedIpv4(v4);
    return reason ? refuse(`The address is ${reason}; webhooks go to public hosts only.`) : { ok: true, url };
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return refuse('localhost is not reachable from the portal.');
  if (METADATA_NAMES.has(host)) return refuse('Cloud metadata services cannot receive webhooks.');
  const parsed = parseHost(host);
  if (!parsed.knownTld || !parsed.domain || parsed.publicSuffix?.endsWith('arpa')) {
    return refuse('Use a public host name (internal names such as .internal, .local or single labels are not reachable).');
  }
  return { ok: true, url };
}

const refuse = (message: string): UrlCheck => ({ ok: false, message });

function allowedHosts(list: string | undefined): Set<string> {
  return new Set((list ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** The WHATWG URL parser already normalised IPv4 forms (0x7f.1, 2130706433) to dotted quads. */
function parseIpv4(host: string): [number, number, number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? (parts as [number, number, number, number]) : null;
}

function blockedIpv4([a, b, c]: [number, number, number, number]): string | null {
  if (a === 127) return 'a loopback address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address (RFC 1918)';
  if (a === 169 && b === 254) return 'a link-local address (cloud metadata lives here)';
  if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT address (100.64.0.0/10)';
  if (a === 0) return 'an unspecified address';
  if (a === 192 && b === 0 && c === 0) return 'an IETF protocol address';
  if (a === 198 && (b === 18 || b === 19)) return 'a benchmarking address';
  if (a >= 224) return 'a multicast or reserved address';
  return null;
}

/** `host` is the compressed form the URL parser produces (no brackets, no zone id). */
function blockedIpv6(host: string): string | null {
  const groups = expandIpv6(host);
  if (!groups) return 'not a valid IPv6 address';
  const [g0, , , , , g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroPrefix = groups.slice(0, 5).every((g) => g === 0);
  if (zeroPrefix && g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return g7 === 1 ? 'a loopback address' : 'an unspecified address';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d,
  // local-use 64:ff9b:1::/48) addresses carry an IPv4 address in their last 32 bits.
  const nat64 = g0 === 0x64 && groups[1] === 0xff9b && (groups.slice(2, 6).every((g) => g === 0) || groups[2] === 1);
  if ((zeroPrefix && (g5 === 0xffff || g5 === 0)) || nat64) return blockedIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  // 6to4 (2002:aabb:ccdd::/48) is routed towards the IPv4 address aa.bb.cc.dd.
  if (g0 === 0x2002) return blockedIpv4([groups[1]! >> 8, groups[1]! & 0xff, groups[2]! >> 8, groups[2]! & 0xff]);
  if ((g0 & 0xfe00) === 0xfc00) return 'a unique local (private) address';
  if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g0 & 0xffc0) === 0xfec0) return 'a site-local (private) address';
  if ((g0 & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

function expandIpv6(host: string): number[] | null {
  const [head, tail, ...rest] = host.split('::');
  if (rest.length > 0 || head === undefined) return null;
  const toGroups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
