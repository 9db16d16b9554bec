import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';

let app: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
  admin = await signIn(app, 'admin@vendor.example');
});

interface Entry {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  objectType: string;
  objectId: string | null;
  partnerId: string | null;
  ip: string | null;
}
const page = async (query: string) =>
  (await (await app.request(`/api/v1/audit?${query}`, { headers: admin })).json()) as { items: Entry[]; nextCursor: string | null };

describe('GET /audit', () => {
  it('records who did what from where, newest first, filterable, with keyset pages', async () => {
    const res = await app.request('/api/v1/tokens', { method: 'POST', headers: { ...admin, 'cf-connecting-ip': '203.0.113.9' }, json: { name: 'audited', scopes: ['deals:read'] } });
    const { token } = (await res.json()) as { token: { id: string } };
    await app.request(`/api/v1/tokens/${token.id}`, { method: 'DELETE', headers: { ...admin, 'cf-connecting-ip': '203.0.113.9' } });

    const forToken = await page(`objectType=token&objectId=${token.id}`);
    expect(forToken.items.map((e) => e.action).sort()).toEqual(['token.created', 'token.revoked']);
    expect(forToken.items[0]).toMatchObject({ actorId: 'usr_demo_admin', actorName: 'Ada Admin', ip: '203.0.113.9' });

    const logins = await page('action=auth.login&actorId=usr_demo_admin');
    expect(logins.items.length).toBeGreaterThan(0);

    const first = await page('limit=2');
    const second = await page(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items.length).toBeGreaterThan(0);
    expect(new Set([...first.items, ...second.items].map((e) => e.id)).size).toBe(first.items.length + second.items.length);
    expect(Date.parse(first.items[1]!.at)).toBeGreaterThanOrEqual(Date.parse(second.items[0]!.at));
  });

  it('reads a page in one round trip and is closed to partner users', async () => {
    const res = await app.request('/api/v1/audit?partnerId=prt_northwind', { headers: { ...admin, 'x-request-id': 'audit-page' } });
    expect(res.status).toBe(200);
    expect(await roundTrips('audit-page')).toBe(1);
    const alice = await signIn(app, 'alice@northwind.example');
    expect((await app.request('/api/v1/audit', { headers: alice })).status).toBe(403);
  });
});
