import { describe, expect, it } from 'vitest';
import { hmacKey } from '../lib/signing.ts';
import { decodeSessionCookie, encodeSessionCookie, LAST_SEEN_INTERVAL_MS, needsTouch, newSessionToken, type SessionClaims } from './session.ts';

const KEY = 'dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=';
const claims: SessionClaims = { sid: 'ses_1', uid: 'usr_1', role: 'partner_rep', pid: 'prt_1', email: 'a@b.example', name: 'A', iat: 1 };

describe('session cookie', () => {
  it('round-trips token and claims', async () => {
    const key = await hmacKey(KEY, 'session-cookie');
    const token = newSessionToken();
    expect(await decodeSessionCookie(key, await encodeSessionCookie(key, token, claims))).toEqual({ token, claims });
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
