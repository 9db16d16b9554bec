import { describe, expect, it, vi } from 'vitest';
import { hmacKey, sha256Hex } from '../lib/signing.ts';
import { decodeSessionCookie, encodeSessionCookie, LAST_SEEN_INTERVAL_MS, VERIFIED_COOKIE_CACHE_SIZE, needsTouch, newSessionToken, type SessionClaims } from './session.ts';

const KEY = 'dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=';
const claims: SessionClaims = { sid: 'ses_1', uid: 'usr_1', role: 'partner_rep', pid: 'prt_1', email: 'a@b.example', name: 'A', iat: 1 };

describe('session cookie', () => {
  it('round-trips token and claims, with the token hash the sessions table stores', async () => {
    const key = await hmacKey(KEY, 'session-cookie');
    const token = newSessionToken();
    expect(await decodeSessionCookie(key, await encodeSessionCookie(key, token, claims))).toEqual({ token, tokenHash: await sha256Hex(token), claims });
  });

  it('rejects edited claims, a swapped token, another purpose key and garbage', async () => {
    const key = await hmacKey(KEY, 'session-cookie');
    const value = await encodeSessionCookie(key, newSessionToken(), claims);
    const [token, payload, mac] = value.split('.') as [string, string, string];
    const other = await encodeSessionCookie(key, newSessionToken(), { ...claims, role: 'admin' });
    expect(await decodeSessionCookie(key, `${token}.${other.split('.')[1]}.${mac}`)).toBeNull();
    expect(await decodeSessionCookie(key, `${newSessionToken()}.${payload}.${mac}`)).toBeNull();
    expect(await decodeSessionCookie(await hmacKey(KEY, 'something-else'), value)).toBeNull();
    expect(await decodeSessionCookie(key, 'a.b')).toBeNull();
    expect(await decodeSessionCookie(key, 'a.b.c')).toBeNull();
  });

  it('verifies and hashes a cookie once per isolate; later requests with the same cookie skip the HMAC and the hash', async () => {
    const key = await hmacKey(KEY, 'session-cookie');
    const token = newSessionToken();
    const value = await encodeSessionCookie(key, token, claims);
    const tokenHash = await sha256Hex(token);
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      expect(await decodeSessionCookie(key, value)).toEqual({ token, tokenHash, claims });
      expect(await decodeSessionCookie(key, value)).toEqual({ token, tokenHash, claims });
      expect(verify).toHaveBeenCalledTimes(1);
      expect(digest).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
      digest.mockRestore();
    }
  });

  it('never lets a remembered cookie pass under another key, or an altered copy of it', async () => {
    const key = await hmacKey(KEY, 'session-cookie');
    const value = await encodeSessionCookie(key, newSessionToken(), claims);
    expect(await decodeSessionCookie(key, value)).not.toBeNull();
    expect(await decodeSessionCookie(await hmacKey(KEY, 'another-purpose'), value)).toBeNull();
    const [token, payload, mac] = value.split('.') as [string, string, string];
    const other = await encodeSessionCookie(key, newSessionToken(), { ...claims, role: 'admin' });
    expect(await decodeSessionCookie(key, `${token}.${other.split('.')[1]}.${mac}`)).toBeNull();
    expect(await decodeSessionCookie(key, `${token}.${payload}.${mac}x`)).toBeNull();
  });

  it(`remembers at most ${VERIFIED_COOKIE_CACHE_SIZE} cookies, forgetting the oldest`, async () => {
    const key = await hmacKey(KEY, 'session-cookie-bound');
    const cookies = await Promise.all(Array.from({ length: VERIFIED_COOKIE_CACHE_SIZE + 1 }, () => encodeSessionCookie(key, newSessionToken(), claims)));
    for (const c of cookies) await decodeSessionCookie(key, c);
    const verify = vi.spyOn(crypto.subtle, 'verify');
    try {
      await decodeSessionCookie(key, cookies.at(-1)!);
      expect(verify).toHaveBeenCalledTimes(0);
      expect(await decodeSessionCookie(key, cookies[0]!)).not.toBeNull();
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it('draws 160 random bits per token', () => {
    const tokens = new Set(Array.from({ length: 100 }, newSessionToken));
    expect(tokens.size).toBe(100);
    expect([...tokens][0]).toHaveLength(32);
  });

  it('touches last-seen only after the interval', () => {
    expect(needsTouch(0, LAST_SEEN_INTERVAL_MS - 1)).toBe(false);
    expect(needsTouch(0, LAST_SEEN_INTERVAL_MS)).toBe(true);
  });
});
