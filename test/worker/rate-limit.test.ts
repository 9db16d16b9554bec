import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { rateLimits } from '../../db/schema/index.ts';
import { DEMO_PASSWORD, freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';

let app: TestApp;
let dbUrl: string;
beforeAll(async () => {
  dbUrl = await freshDatabase('demo');
  app = testApp(dbUrl);
});

const login = (email: string, password: string, ip: string, requestId?: string) =>
  app.request('/api/v1/auth/login', {
    method: 'POST',
    json: { email, password },
    headers: { 'cf-connecting-ip': ip, ...(requestId ? { 'x-request-id': requestId } : {}) },
  });

describe('login rate limit', () => {
  it('slows down one address guessing one account with 429 + Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('nick@northwind.example', 'wrong-password', '10.0.0.1')).status).toBe(401);
    const blocked = await login('nick@northwind.example', DEMO_PASSWORD, '10.0.0.1', 'rl-blocked');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toBe('application/problem+json');
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Blocked before hashing or writing anything: one round trip.
    expect(await roundTrips('rl-blocked')).toBe(1);
    // The owner elsewhere and other accounts from that address are unaffected.
    expect((await login('nick@northwind.example', DEMO_PASSWORD, '10.0.1.1')).status).toBe(200);
    expect((await login('alice@northwind.example', DEMO_PASSWORD, '10.0.0.1')).status).toBe(200);
  });

  it('counts unknown emails too, so the limit does not reveal which accounts exist', async () => {
    for (let i = 0; i < 5; i++) await login('ghost@northwind.example', 'wrong-password', '10.0.2.1');
    expect((await login('ghost@northwind.example', 'wrong-password', '10.0.2.1')).status).toBe(429);
  });

  it('blocks an IP after 50 failures across accounts', async () => {
    for (let i = 0; i < 50; i++) expect((await login(`spray${i}@example.com`, 'wrong-password', '192.0.2.7')).status).toBe(401);
    const res = await login('carol@contoso.example', DEMO_PASSWORD, '192.0.2.7');
    expect(res.status).toBe(429);
    expect((await login('carol@contoso.example', DEMO_PASSWORD, '192.0.2.8')).status).toBe(200);
  });

  it('lets the address try again once its backoff has passed, forgets it after a quiet day, and a success clears its counter', async () => {
    const db = directDb(dbUrl);
    const key = 'login:pair:10.0.0.1:nick@northwind.example';
    await db.update(rateLimits).set({ windowStart: new Date(Date.now() - 16 * 60_000) }).where(eq(rateLimits.key, key));
    expect((await login('nick@northwind.example', 'wrong-password', '10.0.0.1')).status).toBe(401);
    await db.update(rateLimits).set({ windowStart: new Date(Date.now() - 25 * 3600_000) }).where(eq(rateLimits.key, key));
    expect((await login('nick@northwind.example', DEMO_PASSWORD, '10.0.0.1')).status).toBe(200);
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, key))).toEqual([]);
  });
});
