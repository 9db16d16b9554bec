import { decodeBase64urlIgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { ROLES, type Role } from '../../db/schema/users.ts';
import { sha256Hex, sign, verifySignature } from '../lib/signing.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A session ends after this long without a request… */
export const IDLE_TIMEOUT_MS = 12 * HOUR;
/** …and this long after sign-in, whatever the activity. */
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * HOUR;
/** last_seen_at is written at most this often (a write per request would double the cost). */
export const LAST_SEEN_INTERVAL_MS = 5 * MINUTE;

/** Who the cookie says the caller is. Authentic once the HMAC checks; current once the DB row checks. */
export interface SessionClaims {
  sid: string;
  uid: string;
  role: Role;
  pid: string | null;
  email: string;
  name: string;
  /** Issued at, ms. */
  iat: number;
}

/** 160 random bits; only its SHA-256 is stored. */
export function newSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/**
 * Cookie value `<token>.<claims base64url>.<hmac base64url>`: the claims let the worker know
 * the actor before any database call, the token proves possession of the stored session.
 * The MAC covers token and claims, so neither can be swapped.
 */
export async function encodeSessionCookie(key: CryptoKey, token: string, claims: SessionClaims): Promise<string> {
  const payload = encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(claims)));
  return `${token}.${payload}.${await sign(key, `${token}.${payload}`)}`;
}

/** A verified cookie: its token, the token's SHA-256 (the stored form, what the database check compares) and its claims. */
type Decoded = { token: string; tokenHash: string; claims: SessionClaims };

/**
 * Cookies this isolate has already verified, per key: a signed-in user sends the same cookie with
 * every request, and the HMAC check is most of the CPU an authenticated read costs before the
 * database (and the token's hash is kept with it: hashing costs about as much). Only exact strings that passed verification are remembered (a forged or altered
 * cookie is never a hit), bounded, oldest first out. Revocation and expiry are still checked by
 * the database on every request (worker/middleware/session.ts).
 */
const verified = new WeakMap<CryptoKey, Map<string, Decoded>>();
export const VERIFIED_COOKIE_CACHE_SIZE = 500;

/** The token and claims of a cookie this worker signed; null for anything else. */
export async function decodeSessionCookie(key: CryptoKey, value: string): Promise<Decoded | null> {
  let cache = verified.get(key);
  const hit = cache?.get(value);
  if (hit) return hit;
  const decoded = await verifyAndDecode(key, value);
  if (decoded) {
    if (!cache) verified.set(key, (cache = new Map()));
    if (cache.size >= VERIFIED_COOKIE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(value, decoded);
  }
  return decoded;
}

async function verifyAndDecode(key: CryptoKey, value: string): Promise<Decoded | null> {
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [token, payload, mac] = parts as [string, string, string];
  if (!(await verifySignature(key, `${token}.${payload}`, mac))) return null;
  try {
    const claims = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(payload))) as SessionClaims;
    if (typeof claims.sid !== 'string' || typeof claims.uid !== 'string' || !ROLES.includes(claims.role)) return null;
    return { token, tokenHash: await sha256Hex(token), claims };
  } catch {
    return null;
  }
}

/** Whether last_seen_at is old enough to be worth a write. */
export function needsTouch(lastSeenAt: number, now: number): boolean {
  return now - lastSeenAt >= LAST_SEEN_INTERVAL_MS;
}
