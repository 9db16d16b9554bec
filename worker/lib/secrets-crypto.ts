import { decodeBase64, encodeBase64, encodeHexLowerCase } from '@oslojs/encoding';
import { ProblemError, problemType } from './problem.ts';

/**
 * Secrets at rest (webhook signing secrets): AES-256-GCM via WebCrypto under SECRETS_KEY
 * (base64 of 32 bytes). Each ciphertext is stored with the id of the key that made it, so the
 * key can rotate: put the new key in SECRETS_KEY and the old one in SECRETS_KEY_PREVIOUS;
 * rows re-encrypt under the new key whenever their secret is next written (rotation).
 * The row id is bound as additional data, so a ciphertext copied to another row fails.
 */
export interface SealedSecret {
  keyId: string;
  /** `<iv base64>.<ciphertext+tag base64>` */
  ciphertext: string;
}

interface KeyringEnv {
  SECRETS_KEY?: string;
  SECRETS_KEY_PREVIOUS?: string;
}

interface RingKey {
  id: string;
  key: CryptoKey;
}

const IV_BYTES = 12;
const encoder = new TextEncoder();

const missingKey = () =>
  new ProblemError(503, {
    type: problemType('secrets-key-missing'),
    detail: 'The server has no SECRETS_KEY configured, so it cannot store signing secrets.',
  });

/** Key id: the first 8 bytes of SHA-256 of the key, hex. Identifies a key without revealing it. */
async function ringKey(base64: string): Promise<RingKey> {
  const raw = decodeBase64(base64.trim());
  if (raw.length !== 32) throw new Error('SECRETS_KEY must be the base64 encoding of exactly 32 bytes');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw as BufferSource));
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { id: encodeHexLowerCase(digest.slice(0, 8)), key };
}

export async function sealSecret(env: KeyringEnv, plaintext: string, boundTo: string): Promise<SealedSecret> {
  if (!env.SECRETS_KEY) throw missingKey();
  const { id, key } = await ringKey(env.SECRETS_KEY);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(boundTo) },
    key,
    encoder.encode(plaintext),
  );
  return { keyId: id, ciphertext: `${encodeBase64(iv)}.${encodeBase64(new Uint8Array(sealed))}` };
}

export async function openSecret(env: KeyringEnv, sealed: SealedSecret, boundTo: string): Promise<string> {
  const candidates = [env.SECRETS_KEY, env.SECRETS_KEY_PREVIOUS].filter((k): k is string => !!k);
  if (candidates.length === 0) throw missingKey();
  const ring = await Promise.all(candidates.map(ringKey));
  const match = ring.find((k) => k.id === sealed.keyId);
  if (!match) throw new Error(`No configured secrets key has id ${sealed.keyId} (was SECRETS_KEY rotated without SECRETS_KEY_PREVIOUS?)`);
  const [iv, data] = sealed.ciphertext.split('.');
  if (!iv || !data) throw new Error('Malformed sealed secret');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: decodeBase64(iv) as BufferSource, additionalData: encoder.encode(boundTo) },
    match.key,
    decodeBase64(data) as BufferSource,
  );
  return new TextDecoder().decode(plain);
}
