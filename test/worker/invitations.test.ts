import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, invitations } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { sha256Hex } from '../../worker/lib/signing.ts';
import { freshDatabase, signIn, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';
import { received, receiverPath, receiverUrl, script } from './webhooks.helpers.ts';

let app: TestApp;
let dbUrl: string;
let db: Db;
let alice: Record<string, string>;
let manager: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  dbUrl = await freshDatabase('demo');
  app = testApp(dbUrl);
  db = directDb(dbUrl);
  [alice, manager, admin] = await Promise.all([
    signIn(app, 'alice@northwind.example'),
    signIn(app, 'manager@vendor.example'),
    signIn(app, 'admin@vendor.example'),
  ]);
});

interface Created {
  invitation: { id: string; email: string; role: string; partnerId: string | null; partnerName: string | null; status: string; expiresAt: string };
  inviteUrl: string | null;
}
const invite = (headers: Record<string, string>, json: Record<string, unknown>, a = app) =>
  a.request('/api/v1/invitations', { method: 'POST', headers, json });
const tokenOf = (url: string) => url.split('/invite/')[1]!;

describe('who may invite whom', () => {
  it('a partner admin invites a colleague into their own company and gets the link to copy', async () => {
    const res = await invite(alice, { email: 'New.Rep@Northwind.example', role: 'partner_rep' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Created;
    expect(body.invitation).toMatchObject({ email: 'new.rep@northwind.example', role: 'partner_rep', partnerId: 'prt_northwind', partnerName: 'Northwind Reseller', status: 'pending' });
    expect(body.inviteUrl).toMatch(/^http:\/\/localhost:8787\/invite\/[a-z2-7]{32}$/);
    const expires = Date.parse(body.invitation.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(6.9 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(7 * 86_400_000);
    const [row] = await db.select().from(invitations).where(eq(invitations.id, body.invitation.id));
    expect(row!.tokenHash).toBe(await sha256Hex(tokenOf(body.inviteUrl!)));
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.objectId, body.invitation.id));
    expect(audit).toMatchObject({ action: 'invitation.created', actorId: 'usr_demo_alice', partnerId: 'prt_northwind' });
  });

  it("a partner admin cannot invite into another company (404) or invite staff (403)", async () => {
    expect((await invite(alice, { email: 'x1@contoso.example', role: 'partner_rep', partnerId: 'prt_contoso' })).status).toBe(404);
    expect((await invite(alice, { email: 'x2@vendor.example', role: 'manager' })).status).toBe(403);
  });

  it('a manager invites a partner admin for a named company; staff invitations are for admins', async () => {
    const res = await invite(manager, { email: 'first.admin@fabrikam.example', role: 'partner_admin', partnerId: 'prt_fabrikam' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Created).invitation.partnerName).toBe('Fabrikam Cloud Alliance');
    expect((await invite(manager, { email: 'x3@fabrikam.example', role: 'partner_admin' })).status).toBe(422);
    expect((await invite(manager, { email: 'x4@fabrikam.example', role: 'partner_admin', partnerId: 'prt_nope' })).status).toBe(422);
    expect((await invite(manager, { email: 'x5@vendor.example', role: 'admin' })).status).toBe(403);
    const staff = await invite(admin, { email: 'new.manager@vendor.example', role: 'manager' });
    expect(staff.status).toBe(201);
    expect(((await staff.json()) as Created).invitation.partnerId).toBeNull();
  });

  it('refuses existing users and a second pending invitation with 409', async () => {
    expect((await invite(alice, { email: 'nick@northwind.example', role: 'partner_rep' })).status).toBe(409);
    await invite(alice, { email: 'twice@northwind.example', role: 'partner_rep' });
    expect((await invite(alice, { email: 'twice@northwind.example', role: 'partner_rep' })).status).toBe(409);
  });

  it('returns the link to the inviter in production too (the invitee also gets it by email: test/worker/notifications.test.ts)', async () => {
    const prod = testApp(dbUrl, { APP_ENV: 'production' });
    const copied = await invite(await signIn(prod, 'alice@northwind.example'), { email: 'copied@northwind.example', role: 'partner_rep' }, prod);
    expect(((await copied.json()) as Created).inviteUrl).toContain('/invite/');
  });
});

describe('accepting', () => {
  it('shows the invitation publicly, creates the account, signs in, and is single-use', async () => {
    const created = (await (await invite(alice, { email: 'joiner@northwind.example', role: 'partner_admin' })).json()) as Created;
    const token = tokenOf(created.inviteUrl!);
    const preview = await app.request(`/api/v1/invitations/${token}`);
    expect(await preview.json()).toMatchObject({ email: 'joiner@northwind.example', role: 'partner_admin', partnerName: 'Northwind Reseller' });

    const weak = await app.request(`/api/v1/invitations/${token}/accept`, { method: 'POST', json: { name: 'Jo', password: 'short' } });
    expect(weak.status).toBe(422);
    const res = await app.request(`/api/v1/invitations/${token}/accept`, { method: 'POST', json: { name: 'Jo Joiner', password: 'a-long-enough-password' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ kind: 'user', role: 'partner_admin', user: { email: 'joiner@northwind.example', name: 'Jo Joiner' }, partner: { id: 'prt_northwind' } });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await app.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);

    expect((await app.request(`/api/v1/invitations/${token}`)).status).toBe(404);
    const again = await app.request(`/api/v1/invitations/${token}/accept`, { method: 'POST', json: { name: 'Jo', password: 'a-long-enough-password' } });
    expect(again.status).toBe(404);
    expect((await app.request('/api/v1/auth/login', { method: 'POST', json: { email: 'joiner@northwind.example', password: 'a-long-enough-password' } })).status).toBe(200);
  });

  it('refuses expired and revoked invitations', async () => {
    const expired = (await (await invite(alice, { email: 'late@northwind.example', role: 'partner_rep' })).json()) as Created;
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.invitation.id));
    expect((await app.request(`/api/v1/invitations/${tokenOf(expired.inviteUrl!)}/accept`, { method: 'POST', json: { name: 'L', password: 'a-long-enough-password' } })).status).toBe(404);

    const revoked = (await (await invite(alice, { email: 'revoked@northwind.example', role: 'partner_rep' })).json()) as Created;
    const res = await app.request(`/api/v1/invitations/${revoked.invitation.id}/revoke`, { method: 'POST', headers: alice });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('revoked');
    expect((await app.request(`/api/v1/invitations/${tokenOf(revoked.inviteUrl!)}`)).status).toBe(404);
    // The email is free for a new invitation once the old one is revoked.
    expect((await invite(alice, { email: 'revoked@northwind.example', role: 'partner_rep' })).status).toBe(201);
  });
});

describe('listing', () => {
  it('partner admins see their company’s pending invitations; managers see partner ones; admins all', async () => {
    const carol = await signIn(app, 'carol@contoso.example');
    await invite(carol, { email: 'colleague@contoso.example', role: 'partner_rep' });
    const emails = async (headers: Record<string, string>) =>
      ((await (await app.request('/api/v1/invitations?limit=100', { headers })).json()) as { items: Array<{ email: string; partnerId: string | null }> }).items;
    const aliceSees = await emails(alice);
    expect(new Set(aliceSees.map((i) => i.partnerId))).toEqual(new Set(['prt_northwind']));
    const managerSees = await emails(manager);
    expect(managerSees.map((i) => i.email)).toContain('colleague@contoso.example');
    expect(managerSees.filter((i) => i.partnerId === null)).toEqual([]);
    expect((await emails(admin)).some((i) => i.email === 'new.manager@vendor.example')).toBe(true);
    expect((await app.request('/api/v1/invitations?partnerId=prt_contoso', { headers: alice })).status).toBe(404);
  });
});
