import { beforeAll, describe, expect, it } from 'vitest';
import { PBKDF2_MAX_ITERATIONS, hashPassword, verifyPassword } from '../../worker/lib/password.ts';
import { DEMO_PASSWORD, freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';
import { users } from '../../db/schema/index.ts';

let dbUrl: string;
let app: TestApp;
beforeAll(async () => {
  dbUrl = await freshDatabase('demo');
  app = testApp(dbUrl);
});

const login = (a: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  a.request('/api/v1/auth/login', { method: 'POST', json: { email, password }, headers });

describe('POST /auth/login', () => {
  it('signs in, sets an HttpOnly SameSite=Lax `session` cookie (not Secure) in test, and answers the user', async () => {
    const res = await login(app, 'Nick@Northwind.example', DEMO_PASSWORD, { 'x-request-id': 'login-ok' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'user', role: 'partner_rep', user: { id: 'usr_demo_nick' }, partner: { id: 'prt_northwind' } });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^session=[a-z2-7]{32}\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${7 * 24 * 3600}`);
    expect(cookie).not.toContain('Secure');
    expect(await roundTrips('login-ok')).toBeLessThanOrEqual(2);
  });

  it('uses a Secure `__Host-session` cookie in production', async () => {
    const prod = testApp(dbUrl, { APP_ENV: 'production' });
    const res = await login(prod, 'nick@northwind.example', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain');
    const me = await prod.request('/api/v1/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    // The production cookie name is the only one production reads.
    const plain = await prod.request('/api/v1/me', { headers: { cookie: cookie.split(';')[0]!.replace('__Host-session', 'session') } });
    expect(plain.status).toBe(401);
  });

  it('answers the same 401 problem for a wrong password and an unknown email, within 2 round trips', async () => {
    const wrong = await login(app, 'alice@northwind.example', 'not-the-password', { 'x-request-id': 'login-wrong' });
    const unknown = await login(app, 'nobody@northwind.example', 'not-the-password', { 'x-request-id': 'login-unknown' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    const [a, b] = (await Promise.all([wrong.json(), unknown.json()])) as Array<Record<string, unknown>>;
    expect({ ...a, requestId: null }).toEqual({ ...b, requestId: null });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await roundTrips('login-wrong')).toBe(2);
    expect(await roundTrips('login-unknown')).toBe(2);
  });

  it('refuses deactivated users like a wrong password', async () => {
    const db = directDb(dbUrl);
    const now = new Date();
    await db.insert(users).values({ id: 'usr_gone', email: 'gone@northwind.example', name: 'Gone', role: 'partner_rep', partnerId: 'prt_northwind', passwordHash: await hashPassword(DEMO_PASSWORD), status: 'deactivated', createdAt: now, updatedAt: now });
    const res = await login(app, 'gone@northwind.example', DEMO_PASSWORD);
    expect(res.status).toBe(401);
  });

  it('answers 422 with field errors for a malformed body', async () => {
    const res = await login(app, 'not-an-email', '');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['email', 'password']);
  });
});

describe('GET /me', () => {
  it('answers 401 problem+json without a session, and ignores a forged cookie', async () => {
    expect((await app.request('/api/v1/me')).status).toBe(401);
    const headers = await signIn(app, 'nick@northwind.example');
    // Same token and MAC, claims rewritten to make Nick a manager: the signature no longer matches.
    const [token, claims, mac] = headers.cookie!.slice('session='.length).split('.') as [string, string, string];
    const forgedClaims = btoa(atob(claims.replace(/-/g, '+').replace(/_/g, '/')).replace('partner_rep', 'manager')).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const forged = await app.request('/api/v1/me', { headers: { cookie: `session=${token}.${forgedClaims}.${mac}` } });
    expect(forged.status).toBe(401);
  });

  it('reads user, role and partner in one round trip', async () => {
    const headers = await signIn(app, 'manager@vendor.example');
    const res = await app.request('/api/v1/me', { headers: { ...headers, 'x-request-id': 'me-staff' } });
    expect(await res.json()).toMatchObject({ kind: 'user', role: 'manager', partner: null });
    expect(await roundTrips('me-staff')).toBe(1);
  });
});

describe('session revocation', () => {
  it('logout revokes the session server-side: the old cookie answers 401 and is cleared', async () => {
    const headers = await signIn(app, 'nick@northwind.example');
    const out = await app.request('/api/v1/auth/logout', { method: 'POST', headers });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^session=;.*Max-Age=0/);
    const after = await app.request('/api/v1/me', { headers });
    expect(after.status).toBe(401);
    expect(after.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('changing the password revokes the other sessions but keeps this one', async () => {
    const email = 'carol@contoso.example';
    const other = await signIn(app, email);
    const current = await signIn(app, email);
    const short = await app.request('/api/v1/auth/password', { method: 'POST', headers: current, json: { currentPassword: DEMO_PASSWORD, newPassword: 'short' } });
    expect(short.status).toBe(422);
    const wrong = await app.request('/api/v1/auth/password', { method: 'POST', headers: current, json: { currentPassword: 'nope-nope-nope', newPassword: 'a-new-long-password' } });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('currentPassword');

    const res = await app.request('/api/v1/auth/password', { method: 'POST', headers: current, json: { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-long-password' } });
    expect(res.status).toBe(204);
    expect((await app.request('/api/v1/me', { headers: other })).status).toBe(401);
    expect((await app.request('/api/v1/me', { headers: current })).status).toBe(200);
    expect((await login(app, email, DEMO_PASSWORD)).status).toBe(401);
    expect((await login(app, email, 'a-new-long-password')).status).toBe(200);
  });
});

describe('PBKDF2 on Workers', () => {
  it('refuses more than 100,000 iterations (the Workers cap) and stores hashes at or below it', async () => {
    await expect(hashPassword('x'.repeat(12), PBKDF2_MAX_ITERATIONS + 1)).rejects.toThrow(RangeError);
    const stored = await hashPassword('a-long-password');
    const iterations = Number(stored.split('$')[1]);
    expect(iterations).toBeLessThanOrEqual(100_000);
    expect(await verifyPassword('a-long-password', stored)).toBe(true);
    const [demo] = await directDb(dbUrl).select({ hash: users.passwordHash }).from(users).limit(1);
    expect(Number(demo!.hash!.split('$')[1])).toBeLessThanOrEqual(100_000);
    // A stored hash claiming more iterations is rejected rather than attempted.
    expect(await verifyPassword('a-long-password', stored.replace('$100000$', '$100001$'))).toBe(false);
  });
});
