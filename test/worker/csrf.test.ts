import { beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { csrf } from '../../worker/middleware/csrf.ts';
import { ProblemError } from '../../worker/lib/problem.ts';
import type { AppEnv } from '../../worker/lib/types.ts';
import { freshDatabase, signIn, testApp, type TestApp } from './harness.ts';

let app: TestApp;
let session: Record<string, string>;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
  session = await signIn(app, 'admin@vendor.example');
});

const createToken = (headers: Record<string, string>) =>
  app.request('/api/v1/tokens', { method: 'POST', headers, json: { name: 'CRM', scopes: ['deals:read'] } });

describe('CSRF protection of cookie-authenticated writes', () => {
  it('rejects a write whose Origin is another site with 403 problem+json', async () => {
    const res = await createToken({ ...session, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'https://partner-portal.dev/problems/cross-site-request' });
  });

  it('accepts the same origin, PORTAL_URL, and Sec-Fetch-Site: same-origin', async () => {
    expect((await createToken({ ...session })).status).toBe(201);
    const portal = testApp(app.env.TURSO_DATABASE_URL, { PORTAL_URL: 'https://portal.example.com' });
    expect((await portal.request('/api/v1/tokens', { method: 'POST', headers: { ...session, origin: 'https://portal.example.com' }, json: { name: 'CRM', scopes: ['deals:read'] } })).status).toBe(201);
    expect((await portal.request('/api/v1/tokens', { method: 'POST', headers: { ...session, origin: 'https://other.example.com' }, json: { name: 'CRM', scopes: ['deals:read'] } })).status).toBe(403);
  });

  it('also guards sign-in (login CSRF) but exempts Bearer-token requests and reads', async () => {
    const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: { origin: 'https://evil.example' }, json: { email: 'nick@northwind.example', password: 'demo-password-1' } });
    expect(login.status).toBe(403);
    const created = (await (await createToken(session)).json()) as { secret: string };
    // A cross-site Bearer write gets past CSRF to the permission guard (this token may not manage tokens).
    const bearer = await app.request('/api/v1/tokens', { method: 'POST', headers: { authorization: `Bearer ${created.secret}`, origin: 'https://evil.example' }, json: { name: 'x', scopes: ['deals:read'] } });
    expect(bearer.status).toBe(403);
    expect(await bearer.json()).toMatchObject({ type: 'https://partner-portal.dev/problems/forbidden' });
    const read = await app.request('/api/v1/me', { headers: { ...session, origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
  });
});

describe('csrf() without an Origin header', () => {
  // A bare app: the worker harness always adds a same-origin Origin to writes.
  const bare = new Hono<AppEnv>()
    .use(csrf())
    .post('/w', (c) => c.text('ok'))
    .onError((err, c) => c.text(err.message, err instanceof ProblemError ? err.status : 500));
  const env = { APP_ENV: 'test', PORTAL_URL: 'http://localhost:8787' };
  const post = (headers: Record<string, string>) => bare.request('http://localhost:8787/w', { method: 'POST', headers }, env);

  it('trusts Sec-Fetch-Site only when it says same-origin', async () => {
    expect((await post({ cookie: 'session=x', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post({ cookie: 'session=x', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ cookie: 'session=x', 'sec-fetch-site': 'same-site' })).status).toBe(403);
  });

  it('refuses a cookie-carrying write with neither header, allows one without ambient credentials', async () => {
    expect((await post({ cookie: 'session=x' })).status).toBe(403);
    expect((await post({})).status).toBe(200);
  });
});
