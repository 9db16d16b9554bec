import { decodeBase64, decodeBase64urlIgnorePadding, encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { ProblemError, problemType } from './problem.ts';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * An HMAC-SHA256 key for one purpose ("session-cookie", …), derived from SECRETS_KEY with HKDF
 * so each purpose has its own key and SECRETS_KEY itself never signs anything. Cached per
 * isolate: deriving costs more than signing.
 */
export function hmacKey(secretsKey: string | undefined, purpose: string): Promise<CryptoKey> {
  if (!secretsKey) {
    throw new ProblemError(500, { type: problemType('misconfigured'), detail: 'SECRETS_KEY is not set.' });
  }
  const cacheKey = `${purpose}\u0000${secretsKey}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = derive(secretsKey, purpose);
    keys.set(cacheKey, key);
  }
  return key;
}

async function derive(secretsKey: string, purpose: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', decodeBase64(secretsKey) as BufferSource, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(`partner-portal/${purpose}`) },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

/** base64url HMAC-SHA256 of `data`. */
export async function sign(key: CryptoKey, data: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(data));
  return encodeBase64urlNoPadding(new Uint8Array(mac));
}

/** Constant-time check (crypto.subtle.verify) of a base64url signature. */
export async function verifySignature(key: CryptoKey, data: string, signature: string): Promise<boolean> {
  let mac: Uint8Array;
  try {
    mac = decodeBase64urlIgnorePadding(signature);
  } catch {
    return false;
  }
  return crypto.subtle.verify('HMAC', key, mac as BufferSource, encoder.encode(data));
}

/** Hex SHA-256, the stored form of session, invitation and integration tokens (the runtime's crypto.subtle). */
export async function sha256Hex(text: string): Promise<string> {
  return encodeHexLowerCase(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}
