import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

describe('GET /me', () => {
  it('answers the signed-in user with role and partner in one round trip', async () => {
    const headers = await signIn(app, 'alice@northwind.example');
    const res = await app.request('/api/v1/me', { headers: { ...headers, 'x-request-id': 'me-1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'user', role: 'partner_admin', user: { email: 'alice@northwind.example' }, partner: { id: 'prt_northwind', name: 'Northwind Reseller' } });
    expect(await roundTrips('me-1')).toBe(1);
  });
});
