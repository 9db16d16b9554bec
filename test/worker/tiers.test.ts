import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { auditLog, events, partners } from '../../db/schema/index.ts';
import worker from '../../worker/index.ts';
import { DAILY_CRON } from '../../worker/jobs/daily.ts';
import { DAY, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';
import { personas, type Persona } from './personas.ts';

type Call = (who: Persona, path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; body: any; requestId: string }>;

async function setup() {
  const url = await freshDatabase('demo');
  const app = testApp(url);
  const db = createDb({ url });
  const p = personas(app);
  const as: Call = async (who, path, init = {}) => {
    const requestId = crypto.randomUUID();
    const res = await app.request(path, { ...init, headers: { ...(await p.headersFor(who)), 'x-request-id': requestId } });
    return { status: res.status, body: await res.json().catch(() => null), requestId };
  };
  return { app, db, as };
}

async function runDaily(app: TestApp, at: Date, cron = DAILY_CRON) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: at, cron }), app.env, ctx);
  await waitOnExecutionContext(ctx);
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('tier status', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });

  it('answers the tier, what the facts qualify for and the exact gaps, in one round trip', async () => {
    const res = await t.as('carol', '/api/v1/partners/prt_contoso/tier-status');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tier: { id: 'tier_silver', name: 'Silver', protectionDays: 90 },
      qualifiesFor: { id: 'tier_silver' },
      next: { id: 'tier_gold' },
      facts: { certifiedPeople: 1, wonDeals: 3, wonRevenue: { perCurrency: [{ currency: 'USD', amount: 189000 }], counted: { currency: 'USD', amount: 189000 } } },
      gaps: [{ requirement: 'programCertified', programId: 'pgm_tech_professional', programName: 'Platform Technical Professional', have: 0, need: 1, missing: 1 }],
      proposal: null,
    });
    expect(res.body.requirements.filter((r: { met: boolean }) => r.met).map((r: { requirement: string }) => r.requirement).sort()).toEqual(['certifiedPeople', 'wonDeals', 'wonRevenue']);
    expect(await roundTrips(res.requestId)).toBe(1);
  });

  it("reports revenue per currency and counts only the tier's currency (never converted)", async () => {
    const res = await t.as('manager', '/api/v1/partners/prt_northwind/tier-status');
    const currencies = res.body.facts.wonRevenue.perCurrency.map((r: { currency: string }) => r.currency);
    expect(currencies).toEqual(['EUR', 'GBP', 'USD']);
    expect(res.body.facts.wonRevenue.counted).toEqual({ currency: 'USD', amount: 242000 });
  });

  it("another company's tier status is a 404", async () => {
    expect((await t.as('carol', '/api/v1/partners/prt_northwind/tier-status')).status).toBe(404);
    expect((await t.as('alice', '/api/v1/partners/prt_nope/tier-status')).status).toBe(404);
  });
});

describe('certification → tier → proposal → protection days', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });

  it('a verified certification moves tier progress; the daily job proposes; the approval applies the new protection days', async () => {
    const recorded = await t.as('carol', '/api/v1/certifications', { method: 'POST', json: { programId: 'pgm_tech_professional', earnedOn: isoDay(Date.now() - DAY) } });
    expect(recorded.status).toBe(201);
    // Pending does not count yet.
    expect((await t.as('carol', '/api/v1/partners/prt_contoso/tier-status')).body.qualifiesFor.id).toBe('tier_silver');
    expect((await t.as('manager', `/api/v1/certifications/${recorded.body.id}/verify`, { method: 'POST' })).status).toBe(200);
    const after = await t.as('carol', '/api/v1/partners/prt_contoso/tier-status');
    expect(after.body).toMatchObject({ tier: { id: 'tier_silver' }, qualifiesFor: { id: 'tier_gold' }, next: { id: 'tier_platinum' } });
    expect(after.body.gaps.find((g: { requirement: string }) => g.requirement === 'certifiedPeople')).toEqual({ requirement: 'certifiedPeople', have: 1, need: 4, missing: 3 });

    // The 5-minute cron does not run the tier review; the daily one does.
    await runDaily(t.app, new Date(), '*/5 * * * *');
    expect((await t.as('manager', '/api/v1/tier-proposals')).body.items).toEqual([]);
    await runDaily(t.app, new Date());
    const proposals = await t.as('manager', '/api/v1/tier-proposals');
    const proposal = proposals.body.items.find((p: { partnerId: string }) => p.partnerId === 'prt_contoso');
    expect(proposal).toMatchObject({ direction: 'upgrade', status: 'open', from: { id: 'tier_silver', name: 'Silver' }, to: { id: 'tier_gold', name: 'Gold' } });
    expect((await t.db.select().from(events).where(and(eq(events.type, 'partner.tier_change_proposed'), eq(events.partnerId, 'prt_contoso')))).length).toBe(1);
    // Proposed, not applied; visible in the partner's status.
    expect((await t.db.select().from(partners).where(eq(partners.id, 'prt_contoso')))[0]!.tierId).toBe('tier_silver');
    expect((await t.as('carol', '/api/v1/partners/prt_contoso/tier-status')).body.proposal).toMatchObject({ id: proposal.id });

    // A second run proposes nothing new.
    await runDaily(t.app, new Date());
    expect((await t.db.select().from(events).where(and(eq(events.type, 'partner.tier_change_proposed'), eq(events.partnerId, 'prt_contoso')))).length).toBe(1);

    expect((await t.as('carol', `/api/v1/tier-proposals/${proposal.id}/approve`, { method: 'POST' })).status).toBe(403);
    const [first, second] = await Promise.all([
      t.as('manager', `/api/v1/tier-proposals/${proposal.id}/approve`, { method: 'POST', json: { note: 'Well earned' } }),
      t.as('admin', `/api/v1/tier-proposals/${proposal.id}/approve`, { method: 'POST' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await t.db.select().from(partners).where(eq(partners.id, 'prt_contoso')))[0]!.tierId).toBe('tier_gold');
    const changed = await t.db.select().from(events).where(and(eq(events.type, 'partner.tier_changed'), eq(events.partnerId, 'prt_contoso')));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toMatchObject({ from: { id: 'tier_silver' }, to: { id: 'tier_gold', name: 'Gold' }, proposalId: proposal.id });
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'tier_proposal.approved'))).length).toBe(1);

    const dealId = await seedDeal(t.db, { partnerId: 'prt_contoso' });
    const approved = await t.as('manager', `/api/v1/deals/${dealId}/approve`, { method: 'POST', json: {} });
    expect(approved.status).toBe(200);
    expect(Date.parse(approved.body.expiresAt) - Date.parse(approved.body.approvedAt)).toBe(120 * DAY);
  });
});

describe('daily job: expiry, warnings, downgrades with a grace period, at risk', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });

  it('warns 30 days ahead once, then expires the day after the expiry date', async () => {
    // Nick's Platform Technical Professional (demo seed) expires within the month.
    await runDaily(t.app, new Date());
    await runDaily(t.app, new Date());
    const nickEvents = async () => (await t.db.select().from(events).where(eq(events.subjectId, 'crt_demo_nick_tech'))).map((e) => e.type);
    expect(await nickEvents()).toEqual(['certification.expiring']);
    const cert = (await t.as('manager', '/api/v1/certifications?userId=usr_demo_nick&programId=pgm_tech_professional')).body.items[0];
    // On its expiry day it still counts...
    await runDaily(t.app, new Date(`${cert.expiresAt}T03:00:00.000Z`));
    expect(await nickEvents()).toEqual(['certification.expiring']);
    // ...and the day after it expires.
    await runDaily(t.app, new Date(Date.parse(`${cert.expiresAt}T03:00:00.000Z`) + DAY));
    expect(await nickEvents()).toEqual(['certification.expiring', 'certification.expired']);
    expect((await t.as('manager', '/api/v1/certifications?userId=usr_demo_nick&programId=pgm_tech_professional')).body.items[0].status).toBe('expired');
  });

  it('proposes the downgrade that follows, approvable only after the grace period; flags the partner at risk', async () => {
    const list = await t.as('manager', '/api/v1/tier-proposals?partnerId=prt_northwind');
    const downgrade = list.body.items[0];
    expect(downgrade).toMatchObject({ direction: 'downgrade', from: { id: 'tier_gold' }, to: { id: 'tier_silver' } });
    expect(Date.parse(downgrade.approvableFrom) - Date.parse(downgrade.proposedAt)).toBe(30 * DAY);
    const early = await t.as('manager', `/api/v1/tier-proposals/${downgrade.id}/approve`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect(early.body.type).toContain('grace-period');
    const onboarding = await t.as('alice', '/api/v1/partners/prt_northwind/onboarding');
    expect(onboarding.body.atRisk.reasons).toEqual(['certifications_below_tier']);
    const dismissed = await t.as('manager', `/api/v1/tier-proposals/${downgrade.id}/dismiss`, { method: 'POST', json: { note: 'Renewal booked' } });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', note: 'Renewal booked' });
    expect((await t.db.select().from(partners).where(eq(partners.id, 'prt_northwind')))[0]!.tierId).toBe('tier_gold');
  });
});

describe('tier definitions', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });

  it('lists tiers with program requirements; managers create, edit and reorder them', async () => {
    const list = await t.as('nick', '/api/v1/tiers');
    expect(list.body.items.find((x: { id: string }) => x.id === 'tier_gold')).toMatchObject({ requiredRevenue: 150000, requiredRevenueCurrency: 'USD', programRequirements: [{ programId: 'pgm_tech_professional', people: 1 }] });
    const created = await t.as('manager', '/api/v1/tiers', { method: 'POST', json: { name: 'Diamond', protectionDays: 240, requiredRevenue: 2000000, requiredRevenueCurrency: 'eur', requiredWonDeals: 12, programRequirements: [{ programId: 'pgm_security_specialist', people: 2 }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ rank: 5, requiredRevenueMinor: 200000000, requiredRevenueCurrency: 'EUR', programRequirements: [{ programId: 'pgm_security_specialist', programName: 'Security Suite Specialist', people: 2 }] });
    expect((await t.as('manager', '/api/v1/tiers', { method: 'POST', json: { name: 'gold', protectionDays: 10 } })).status).toBe(409);
    const bad = await t.as('manager', '/api/v1/tiers', { method: 'POST', json: { name: 'Yen', protectionDays: 10, requiredRevenue: 10.5, requiredRevenueCurrency: 'JPY', programRequirements: [{ programId: 'pgm_nope', people: 1 }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['programRequirements.0.programId', 'requiredRevenue']);
    const patched = await t.as('manager', `/api/v1/tiers/${created.body.id}`, { method: 'PATCH', json: { protectionDays: 365, programRequirements: [] } });
    expect(patched.body).toMatchObject({ protectionDays: 365, programRequirements: [] });
    const ids = ['tier_registered', 'tier_silver', created.body.id, 'tier_gold', 'tier_platinum'];
    expect((await t.as('manager', '/api/v1/tiers/reorder', { method: 'POST', json: { ids: ids.slice(1) } })).status).toBe(422);
    const reordered = await t.as('manager', '/api/v1/tiers/reorder', { method: 'POST', json: { ids } });
    expect(reordered.body.items.map((x: { id: string; rank: number }) => [x.id, x.rank])).toEqual(ids.map((id, i) => [id, i + 1]));
    expect((await t.as('nick', '/api/v1/tiers')).body.items.map((x: { id: string }) => x.id)).toEqual(ids);
    expect((await t.as('alice', '/api/v1/tiers', { method: 'POST', json: { name: 'Mine', protectionDays: 10 } })).status).toBe(403);
  });
});

describe('onboarding and lifecycle', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });

  it('shows the checklist (ticked from data where it can be) to both sides; the manager ticks the agreement', async () => {
    const before = await t.as('manager', '/api/v1/partners/prt_fabrikam/onboarding');
    expect(before.status).toBe(200);
    expect(before.body.checklist.map((c: { item: string; done: boolean }) => [c.item, c.done])).toEqual([
      ['agreement_signed', false],
      ['users_invited', false],
      ['certification_verified', false],
      ['deal_registered', false],
    ]);
    const ticked = await t.as('manager', '/api/v1/partners/prt_fabrikam/onboarding/agreement', { method: 'PUT', json: { signedOn: '2026-11-20' } });
    expect(ticked.body.checklist[0]).toMatchObject({ item: 'agreement_signed', done: true, doneOn: '2026-11-20' });
    const northwind = await t.as('alice', '/api/v1/partners/prt_northwind/onboarding');
    expect(northwind.body.checklist.every((c: { done: boolean }) => c.done)).toBe(true);
    expect(northwind.body.history.map((h: { to: string }) => h.to)).toEqual(['active', 'onboarding']);
    expect((await t.as('carol', '/api/v1/partners/prt_northwind/onboarding')).status).toBe(404);
    expect((await t.as('alice', '/api/v1/partners/prt_northwind/onboarding/agreement', { method: 'PUT', json: { signedOn: null } })).status).toBe(403);
  });

  it('a stage change is recorded in the history with partner.stage_changed (also through PATCH /partners)', async () => {
    const res = await t.as('manager', '/api/v1/partners/prt_fabrikam/stage', { method: 'POST', json: { stage: 'active', reason: 'Kick-off done' } });
    expect(res.status).toBe(200);
    expect(res.body.stage).toBe('active');
    expect(res.body.history[0]).toMatchObject({ from: 'onboarding', to: 'active', by: 'Morgan Manager', reason: 'Kick-off done' });
    expect((await t.as('manager', '/api/v1/partners/prt_fabrikam/stage', { method: 'POST', json: { stage: 'active' } })).status).toBe(409);
    await t.as('manager', '/api/v1/partners/prt_fabrikam', { method: 'PATCH', json: { stage: 'at_risk' } });
    const stageEvents = await t.db.select().from(events).where(and(eq(events.type, 'partner.stage_changed'), eq(events.partnerId, 'prt_fabrikam')));
    expect(stageEvents.map((e) => [e.data.from, e.data.to])).toEqual([
      ['onboarding', 'active'],
      ['active', 'at_risk'],
    ]);
    expect((await t.as('manager', '/api/v1/partners/prt_fabrikam/onboarding')).body.history.map((h: { to: string }) => h.to)).toEqual(['at_risk', 'active', 'onboarding']);
  });
});
