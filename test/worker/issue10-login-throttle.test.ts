import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, freshDatabase, signIn, testApp, type TestApp } from './harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

const login = (email: string, password: string, ip: string) =>
  app.request('/api/v1/auth/login', { method: 'POST', json: { email, password }, headers: { 'cf-connecting-ip': ip } });

describe('a guesser cannot lock the owner out', () => {
  it('20 wrong passwords from 203.0.113.9: that address gets 429 + Retry-After; the owner from 198.51.100.7 signs in', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 20; i++) {
      last = await login('carol@contoso.example', 'wrong-password', '203.0.113.9');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(15).fill(429));
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({ status: 429, type: expect.stringContaining('too-many-attempts'), detail: expect.stringMatching(/Try again in \d+ (second|minute)s?\./) });
    // Even the right password waits at the guesser's address…
    expect((await login('carol@contoso.example', DEMO_PASSWORD, '203.0.113.9')).status).toBe(429);
    // …while the owner elsewhere is let in.
    expect((await login('carol@contoso.example', DEMO_PASSWORD, '198.51.100.7')).status).toBe(200);
  });

  it('a wrong password says so in plain words', async () => {
    const res = await login('alice@northwind.example', 'wrong-password', '198.51.100.20');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ title: 'Sign-in failed', detail: 'Email or password is incorrect.', type: expect.stringContaining('invalid-credentials') });
  });
});

describe('POST /auth/password', () => {
  it('limits wrong current passwords to 5 per 15 minutes per user (429 + Retry-After), then even the right one waits', async () => {
    const headers = { ...(await signIn(app, 'nick@northwind.example')), 'cf-connecting-ip': '198.51.100.30' };
    const change = (currentPassword: string) =>
      app.request('/api/v1/auth/password', { method: 'POST', headers, json: { currentPassword, newPassword: 'a-brand-new-password-1' } });
    for (let i = 0; i < 5; i++) {
      const res = await change('not-my-password');
      expect(res.status).toBe(422);
    }
    const blocked = await change('not-my-password');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await change(DEMO_PASSWORD)).status).toBe(429);
  });
});
