import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * Opaque ids: a short type prefix and 80 random bits ("dl_k3j…"). The prefix makes logs and
 * support tickets readable; the randomness makes ids unguessable across tenants.
 */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `${prefix}_${encodeBase32LowerCaseNoPadding(bytes)}`;
}
