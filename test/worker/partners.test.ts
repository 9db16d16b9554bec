import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, events } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';

let app: TestApp;
let db: Db;
let manager: Record<string, string>;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
  manager = await signIn(app, 'manager@vendor.example');
});

describe('partner companies', () => {
  it('lists partners newest first with tier names, in one round trip', async () => {
    const res = await app.request('/api/v1/partners', { headers: { ...manager, 'x-request-id': 'partners-list' } });
    const body = (await res.json()) as { items: Array<{ name: string; tierName: string | null }> };
    expect(body.items.map((p) => p.name)).toEqual(['Fabrikam Cloud Alliance', 'Contoso Integrators', 'Northwind Reseller']);
    expect(body.items[2]!.tierName).toBe('Gold');
    expect(await roundTrips('partners-list')).toBe(1);
    const filtered = (await (await app.request('/api/v1/partners?stage=onboarding', { headers: manager })).json()) as { items: unknown[] };
    expect(filtered.items).toHaveLength(1);
  });

  it('creates a partner with its audit entry and outbox event in one batch', async () => {
    const res = await app.request('/api/v1/partners', {
      method: 'POST',
      headers: { ...manager, 'x-request-id': 'partner-create' },
      json: { name: 'Tailspin Toys', type: 'isv', tierId: 'tier_silver', region: 'EMEA', ownerId: 'usr_demo_manager' },
    });
    expect(res.status).toBe(201);
    const partner = (await res.json()) as { id: string; stage: string; tierName: string };
    expect(partner).toMatchObject({ stage: 'prospect', tierName: 'Silver' });
    expect(await roundTrips('partner-create')).toBe(2);
    expect(await db.select().from(auditLog).where(eq(auditLog.objectId, partner.id))).toHaveLength(1);
    expect((await db.select().from(events).where(eq(events.subjectId, partner.id)))[0]).toMatchObject({ type: 'partner.created' });
  });

  it('reports every bad reference, and duplicate names as 409', async () => {
    const bad = await app.request('/api/v1/partners', { method: 'POST', headers: manager, json: { name: 'Litware', type: 'oem', tierId: 'tier_nope', region: 'NA', ownerId: 'usr_demo_alice' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual(['ownerId', 'tierId']);
    const dup = await app.request('/api/v1/partners', { method: 'POST', headers: manager, json: { name: 'Northwind Reseller', type: 'oem', region: 'NA' } });
    expect(dup.status).toBe(409);
    const unknownField = await app.request('/api/v1/partners', { method: 'POST', headers: manager, json: { name: 'Litware', type: 'oem', region: 'NA', colour: 'red' } });
    expect(unknownField.status).toBe(422);
  });

  it('edits a partner: stage and tier change, audited with what changed', async () => {
    const res = await app.request('/api/v1/partners/prt_contoso', { method: 'PATCH', headers: manager, json: { stage: 'at_risk', tierId: 'tier_gold' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stage: 'at_risk', tierId: 'tier_gold', tierName: 'Gold' });
    const entries = await db.select().from(auditLog).where(eq(auditLog.objectId, 'prt_contoso'));
    expect(entries.find((e) => e.action === 'partner.updated')!.details).toMatchObject({ changed: { stage: 'at_risk', tierId: 'tier_gold' } });
    expect((await app.request('/api/v1/partners/prt_nope', { method: 'PATCH', headers: manager, json: { stage: 'active' } })).status).toBe(404);
    expect((await app.request('/api/v1/partners/prt_contoso', { method: 'PATCH', headers: manager, json: { name: 'Northwind Reseller' } })).status).toBe(409);
  });

  it('partner users see only their own company', async () => {
    const nick = await signIn(app, 'nick@northwind.example');
    expect((await app.request('/api/v1/partners/prt_northwind', { headers: nick })).status).toBe(200);
    expect((await app.request('/api/v1/partners/prt_contoso', { headers: nick })).status).toBe(404);
    expect((await app.request('/api/v1/partners', { headers: nick })).status).toBe(403);
    const tiers = (await (await app.request('/api/v1/tiers', { headers: nick })).json()) as { items: Array<{ name: string }> };
    expect(tiers.items.map((t) => t.name)).toEqual(['Registered', 'Silver', 'Gold', 'Platinum']);
  });
});
