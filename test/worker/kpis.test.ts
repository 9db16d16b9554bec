import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { dealEvents, partners, products, users } from '../../db/schema/index.ts';
import { hashPassword } from '../../worker/lib/password.ts';
import { newId } from '../../worker/lib/ids.ts';
import { directDb, expectProblem, seedDeal } from './deal-decisions.helpers.ts';
import { DEMO_PASSWORD, freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';
import { PEOPLE } from './personas.ts';

const HOUR = 3_600_000;
const t = (iso: string) => new Date(iso);

let app: TestApp;
let db: Db;

/**
 * A small fixed program on an empty database, so every KPI has a hand-computed answer
 * (period: March 2026).
 */
beforeAll(async () => {
  const url = await freshDatabase('empty');
  app = testApp(url);
  db = directDb(url);
  const partner = (id: string, stage: 'active' | 'onboarding' | 'prospect', created: string) => ({
    id,
    name: id,
    type: 'reseller' as const,
    stage,
    region: 'EMEA',
    createdAt: t(created),
    updatedAt: t(created),
  });
  await db.insert(partners).values([
    partner('p1', 'active', '2026-01-01T00:00:00Z'),
    partner('p2', 'onboarding', '2026-02-01T00:00:00Z'),
    partner('p3', 'prospect', '2026-01-15T00:00:00Z'),
    partner('p4', 'active', '2025-01-01T00:00:00Z'),
  ]);
  // The people the test signs in as (the empty template has no accounts).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const person = (id: string, email: string, role: 'manager' | 'admin' | 'partner_admin', partnerId: string | null = null) => ({
    id, email, name: id, role, partnerId, passwordHash, createdAt: t('2025-01-01T00:00:00Z'), updatedAt: t('2025-01-01T00:00:00Z'),
  });
  await db.insert(users).values([
    person('usr_demo_manager', PEOPLE.manager, 'manager'),
    person('usr_demo_admin', PEOPLE.admin, 'admin'),
    person('usr_demo_alice', PEOPLE.alice, 'partner_admin', 'p1'),
  ]);
  await db.insert(products).values({ id: 'prd_platform', name: 'Platform', sku: 'PLT', createdAt: t('2025-01-01T00:00:00Z') });

  const decided = (submitted: string, hours: number) => ({ submittedAt: t(submitted), firstDecisionAt: new Date(t(submitted).getTime() + hours * HOUR) });
  // D1 p1: approved 10 h after submission, won in March (EUR 10,000.00).
  const d1 = decided('2026-03-01T00:00:00Z', 10);
  const d1Id = await seedDeal(db, { partnerId: 'p1', status: 'won', ...d1, approvedAt: d1.firstDecisionAt, wonAmountMinor: 1_000_000, closeDate: '2026-03-20' });
  // D2 p2: approved after 30 h, still open: the joint pipeline (EUR 5,000.00).
  const d2 = decided('2026-03-03T00:00:00Z', 30);
  await seedDeal(db, { partnerId: 'p2', status: 'approved', ...d2, approvedAt: d2.firstDecisionAt, estimatedValueMinor: 500_000 });
  // D3 p1: rejected after 2 h.
  await seedDeal(db, { partnerId: 'p1', status: 'rejected', ...decided('2026-03-05T00:00:00Z', 2) });
  // D4 p3: approved after 50 h in March, won but closing in April (USD): converts, no March revenue.
  const d4 = decided('2026-03-06T00:00:00Z', 50);
  await seedDeal(db, { partnerId: 'p3', status: 'won', currency: 'USD', ...d4, approvedAt: d4.firstDecisionAt, wonAmountMinor: 300_000, closeDate: '2026-04-02' });
  // D5 p2: registered and approved in February, won in March (EUR 2,500.50).
  const d5 = decided('2026-02-11T00:00:00Z', 24);
  await seedDeal(db, { partnerId: 'p2', status: 'won', ...d5, approvedAt: d5.firstDecisionAt, wonAmountMinor: 250_050, closeDate: '2026-03-15' });

  // Only the decision counts matter here, not which deal each timeline row belongs to.
  const event = (type: string, at: string) => ({ id: newId('dev'), dealId: d1Id, at: t(at), actorType: 'user' as const, type });
  await db.insert(dealEvents).values([
    event('deal.approved', '2026-03-01T10:00:00Z'),
    event('deal.approved', '2026-03-04T06:00:00Z'),
    event('deal.rejected', '2026-03-05T02:00:00Z'),
    event('deal.approved', '2026-03-08T02:00:00Z'),
    event('deal.approved', '2026-02-12T00:00:00Z'),
    event('deal.info_requested', '2026-03-09T00:00:00Z'),
  ]);
});

describe('GET /kpis', () => {
  it('computes every deal KPI of the product card on fixed data, in 1 round trip', async () => {
    const res = await app.call('manager', '/api/v1/kpis?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(await roundTrips(res.requestId)).toBe(1);
    expect(res.body).toEqual({
      period: { from: '2026-03-01', to: '2026-03-31' },
      partnerSourcedRevenue: [{ currency: 'EUR', amount: 12500.5 }],
      revenuePerPartner: [{ currency: 'EUR', amount: 6250.25 }],
      partnersWithWonDeals: 2,
      approvalRate: { value: 0.75, approved: 3, rejected: 1 },
      registrationConversion: { value: 2 / 3, won: 2, approved: 3 },
      approvalTurnaroundHours: { median: 20, decisions: 4 },
      jointPipeline: [{ currency: 'EUR', amount: 5000, deals: 1 }],
      partnerActivationRate: { value: 2 / 3, activated: 2, partners: 3 },
      // p1: Jan 1 → Mar 1 = 59 days; p2: Feb 1 → Feb 11 = 10; p3: Jan 15 → Mar 6 = 50.
      timeToFirstDealDays: { median: 50, partners: 3 },
    });
  });

  it('an empty period answers nulls, not zeros or NaN', async () => {
    const res = await app.call('admin', '/api/v1/kpis?from=2020-01-01&to=2020-01-31');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      partnerSourcedRevenue: [],
      revenuePerPartner: [],
      approvalRate: { value: null },
      registrationConversion: { value: null },
      approvalTurnaroundHours: { median: null, decisions: 0 },
    });
  });

  it('is staff-only and validates the period', async () => {
    expectProblem(await app.call('alice', '/api/v1/kpis'), 403);
    expectProblem(await app.call('crmReader', '/api/v1/kpis'), 403);
    expectProblem(await app.call('manager', '/api/v1/kpis?from=2026-03-31&to=2026-03-01'), 400);
    expectProblem(await app.call('manager', '/api/v1/kpis?from=2026-13-01'), 400);
    expectProblem(await app.call('manager', '/api/v1/kpis?from=2999-01-01'), 400);
    expectProblem(await app.call('manager', '/api/v1/kpis?from=2000-01-01&to=2026-01-01'), 400);
    expect((await app.call('manager', '/api/v1/kpis')).status).toBe(200);
  });
});
