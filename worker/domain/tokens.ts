import { decodeBase64urlIgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { TOKEN_SCOPES, type TokenScope } from './permissions.ts';

export const TOKEN_PREFIX = 'ppt_';

/**
 * Integration token `ppt_<base64url(JSON {id, scopes})>.<secret>`. The worker reads the id and
 * scopes without a database call; the stored SHA-256 covers the whole string, so the scopes
 * are authentic once the hash matches (checked in the request's first batch).
 * The `ppt_` prefix lets secret scanners recognise leaked tokens.
 */
export function newIntegrationToken(id: string, scopes: readonly TokenScope[]): string {
  const head = encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify({ id, scopes })));
  const secret = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
  return `${TOKEN_PREFIX}${head}.${secret}`;
}

/** The id and scopes a token claims; null when it is not shaped like one of ours. */
export function parseIntegrationToken(token: string): { id: string; scopes: TokenScope[] } | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [head, secret, ...rest] = token.slice(TOKEN_PREFIX.length).split('.');
  if (!head || !secret || rest.length > 0) return null;
  try {
    const claims = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(head))) as { id?: unknown; scopes?: unknown };
    if (typeof claims.id !== 'string' || !Array.isArray(claims.scopes)) return null;
    const scopes = claims.scopes as unknown[];
    if (!scopes.every((s): s is TokenScope => TOKEN_SCOPES.includes(s as TokenScope))) return null;
    return { id: claims.id, scopes };
  } catch {
    return null;
  }
}
