import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, sessions, users } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';

let app: TestApp;
let db: Db;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
});

const patch = (headers: Record<string, string>, id: string, json: unknown) =>
  app.request(`/api/v1/users/${id}`, { method: 'PATCH', headers, json });

describe('GET /team', () => {
  it("lists only the partner admin's own company, in one round trip", async () => {
    const alice = await signIn(app, 'alice@northwind.example');
    const res = await app.request('/api/v1/team', { headers: { ...alice, 'x-request-id': 'team-list' } });
    const body = (await res.json()) as { items: Array<{ email: string; partnerId: string }> };
    expect(body.items.map((u) => u.email).sort()).toEqual(['alice@northwind.example', 'nick@northwind.example']);
    expect(await roundTrips('team-list')).toBe(1);
  });
});

describe('PATCH /users/{id}', () => {
  it('a partner admin promotes a colleague; the change signs the colleague out and is audited', async () => {
    const alice = await signIn(app, 'alice@northwind.example');
    const nick = await signIn(app, 'nick@northwind.example');
    const res = await patch(alice, 'usr_demo_nick', { role: 'partner_admin' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'usr_demo_nick', role: 'partner_admin' });
    expect((await app.request('/api/v1/me', { headers: nick })).status).toBe(401);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.objectId, 'usr_demo_nick'));
    expect(entry).toMatchObject({ action: 'user.updated', actorId: 'usr_demo_alice', partnerId: 'prt_northwind' });
    expect(await patch(alice, 'usr_demo_nick', { role: 'manager' }).then((r) => r.status)).toBe(422);
    expect((await patch(alice, 'usr_demo_nick', { role: 'partner_rep' })).status).toBe(200);
  });

  it("cannot touch another company's users (404) or change nothing (422)", async () => {
    const carol = await signIn(app, 'carol@contoso.example');
    expect((await patch(carol, 'usr_demo_nick', { status: 'deactivated' })).status).toBe(404);
    expect((await patch(carol, 'usr_demo_carol', {})).status).toBe(422);
  });

  it('the last active admin cannot demote or deactivate themselves (409)', async () => {
    const carol = await signIn(app, 'carol@contoso.example');
    const demote = await patch(carol, 'usr_demo_carol', { role: 'partner_rep' });
    expect(demote.status).toBe(409);
    expect(await demote.json()).toMatchObject({ type: 'https://partner-portal.dev/problems/last-admin' });
    expect((await patch(carol, 'usr_demo_carol', { status: 'deactivated' })).status).toBe(409);
  });

  it('deactivation by staff revokes every session of the user, and reactivation lets them sign in again', async () => {
    const manager = await signIn(app, 'manager@vendor.example');
    const nick1 = await signIn(app, 'nick@northwind.example');
    const nick2 = await signIn(app, 'nick@northwind.example');
    expect((await patch(manager, 'usr_demo_nick', { status: 'deactivated' })).status).toBe(200);
    expect((await app.request('/api/v1/me', { headers: nick1 })).status).toBe(401);
    expect((await app.request('/api/v1/me', { headers: nick2 })).status).toBe(401);
    const live = await db.select().from(sessions).where(eq(sessions.userId, 'usr_demo_nick'));
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(live.filter((s) => s.revokedAt === null)).toEqual([]);
    expect((await app.request('/api/v1/auth/login', { method: 'POST', json: { email: 'nick@northwind.example', password: 'demo-password-1' } })).status).toBe(401);
    expect((await patch(manager, 'usr_demo_nick', { status: 'active' })).status).toBe(200);
    expect((await app.request('/api/v1/auth/login', { method: 'POST', json: { email: 'nick@northwind.example', password: 'demo-password-1' } })).status).toBe(200);
  });

  it('managers cannot change staff; admins can', async () => {
    const manager = await signIn(app, 'manager@vendor.example');
    expect((await patch(manager, 'usr_demo_admin', { status: 'deactivated' })).status).toBe(403);
    const admin = await signIn(app, 'admin@vendor.example');
    expect((await patch(admin, 'usr_demo_manager', { role: 'partner_rep' })).status).toBe(422);
    expect((await patch(admin, 'usr_demo_manager', { role: 'admin' })).status).toBe(200);
    const [row] = await db.select().from(users).where(eq(users.id, 'usr_demo_manager'));
    expect(row!.role).toBe('admin');
  });
});

describe('GET /users', () => {
  it('filters by partner, role and name/email prefix with keyset pages', async () => {
    const admin = await signIn(app, 'admin@vendor.example');
    const get = async (query: string) =>
      (await (await app.request(`/api/v1/users?${query}`, { headers: admin })).json()) as { items: Array<{ email: string }>; nextCursor: string | null };
    expect((await get('partnerId=prt_northwind')).items.map((u) => u.email).sort()).toEqual(['alice@northwind.example', 'nick@northwind.example']);
    expect((await get('role=partner_admin')).items.map((u) => u.email).sort()).toEqual(['alice@northwind.example', 'carol@contoso.example']);
    expect((await get('q=car')).items.map((u) => u.email)).toEqual(['carol@contoso.example']);
    expect((await get('q=%25')).items).toEqual([]);
    const first = await get('limit=2');
    expect(first.items).toHaveLength(2);
    const second = await get(`limit=2&cursor=${first.nextCursor}`);
    const third = await get(`limit=2&cursor=${second.nextCursor}`);
    const all = [...first.items, ...second.items, ...third.items].map((u) => u.email);
    expect(new Set(all).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    expect((await app.request('/api/v1/users?cursor=bogus', { headers: admin })).status).toBe(400);
  });
});
