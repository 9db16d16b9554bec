import { beforeAll, describe, expect, it } from 'vitest';
import type { DealView } from '../../worker/resources/deals/schemas.ts';
import type { DealSummary } from '../../worker/resources/deals/summary-schemas.ts';
import { freshDatabase, roundTrips, testApp, type Persona as Who, type TestApp } from './harness.ts';

let app: TestApp;

beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

async function summary(as: Who, requestId?: string): Promise<DealSummary> {
  const res = await app.request(as, '/api/v1/deals/summary', { headers: requestId ? { 'x-request-id': requestId } : {} });
  expect(res.status).toBe(200);
  return (await res.json()) as DealSummary;
}

/** Every deal the persona sees through GET /deals (the demo has fewer than 100). */
async function visibleDeals(as: Who): Promise<DealView[]> {
  const res = await app.request(as, '/api/v1/deals?limit=100');
  const page = (await res.json()) as { items: DealView[]; nextCursor: string | null };
  expect(page.nextCursor).toBeNull();
  return page.items;
}

/** What the summary should say, computed from the deals list the persona sees. */
function expectedFrom(list: DealView[], now: number) {
  const counts: Record<string, number> = {};
  for (const d of list) counts[d.status] = (counts[d.status] ?? 0) + 1;
  const approved = list.filter((d) => d.status === 'approved');
  const pipeline = new Map<string, { amount: number; deals: number }>();
  for (const d of approved) {
    const p = pipeline.get(d.currency) ?? { amount: 0, deals: 0 };
    pipeline.set(d.currency, { amount: p.amount + d.estimatedValue, deals: p.deals + 1 });
  }
  const expiring = approved
    .filter((d) => d.expiresAt && Date.parse(d.expiresAt) >= now && Date.parse(d.expiresAt) < now + 14 * 86_400_000)
    .map((d) => d.id)
    .sort();
  return { counts, pipeline, expiring };
}

describe('GET /api/v1/deals/summary', () => {
  it.each<Who>(['nick', 'alice', 'carol', 'manager', 'crmReader'])('matches the deals list %s sees (same scope)', async (who) => {
    const [s, list] = await Promise.all([summary(who), visibleDeals(who)]);
    const expected = expectedFrom(list, Date.parse(s.generatedAt));
    expect(s.total).toBe(list.length);
    expect(Object.fromEntries(Object.entries(s.counts).filter(([, n]) => n > 0))).toEqual(expected.counts);
    expect(new Map(s.pipeline.map((p) => [p.currency, { amount: p.amount, deals: p.deals }]))).toEqual(expected.pipeline);
    expect(s.expiringSoon.map((d) => d.id).sort()).toEqual(expected.expiring);
    expect(s.expiringSoonTotal).toBe(expected.expiring.length);
    const ids = new Set(list.map((d) => d.id));
    for (const d of s.latestDecisions) expect(ids.has(d.dealId)).toBe(true);
    expect(s.latestDecisions.length).toBeLessThanOrEqual(5);
    const times = s.latestDecisions.map((d) => d.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('scopes reps to their own deals, partner admins to their company, staff to all', async () => {
    const [nick, alice, carol, manager] = await Promise.all([summary('nick'), summary('alice'), summary('carol'), summary('manager')]);
    // The demo: Northwind (alice + nick) and Contoso (carol) registrations, all visible to staff.
    expect(nick.total).toBeGreaterThan(0);
    expect(nick.total).toBeLessThan(alice.total);
    expect(alice.total + carol.total).toBe(manager.total);
    // Northwind Traders GmbH (nick's, approved 112 days ago, 120 days of protection) expires soon.
    expect(nick.expiringSoon.map((d) => d.customerName)).toContain('Northwind Traders GmbH');
    expect(alice.expiringSoon.map((d) => d.customerName)).toContain('Northwind Traders GmbH');
    expect(carol.expiringSoon.map((d) => d.customerName)).not.toContain('Northwind Traders GmbH');
    // Money is per currency, never converted: Contoso's JPY deal is in no Northwind pipeline.
    expect(carol.pipeline.find((p) => p.currency === 'JPY')).toEqual({ currency: 'JPY', amount: 2_400_000, deals: 1 });
    expect(alice.pipeline.find((p) => p.currency === 'JPY')).toBeUndefined();
  });

  it('never includes another partner’s deals, even their latest decision', async () => {
    const relecloud = (await visibleDeals('nick')).find((d) => d.customerName === 'Relecloud')!;
    const approve = await app.request('manager', `/api/v1/deals/${relecloud.id}/approve`, { method: 'POST', json: {} });
    expect(approve.status).toBe(200);

    const [nick, carol, manager] = await Promise.all([summary('nick'), summary('carol'), summary('manager')]);
    expect(nick.latestDecisions[0]).toMatchObject({ dealId: relecloud.id, customerName: 'Relecloud', decision: 'deal.approved', status: 'approved' });
    expect(manager.latestDecisions[0]?.dealId).toBe(relecloud.id);
    const northwind = new Set((await visibleDeals('alice')).map((d) => d.id));
    const carolIds = [...carol.latestDecisions.map((d) => d.dealId), ...carol.expiringSoon.map((d) => d.id)];
    expect(carolIds.length).toBeGreaterThan(0);
    for (const id of carolIds) expect(northwind.has(id)).toBe(false);
  });

  it('answers in one database round trip, session check included', async () => {
    await summary('alice'); // sign-in happens outside the counted request
    await summary('alice', 'summary-rt-1');
    expect(await roundTrips('summary-rt-1')).toBe(1);
  });

  it('is not captured by /deals/{id}, and needs a signed-in caller', async () => {
    const anonymous = await app.request(null, '/api/v1/deals/summary');
    expect(anonymous.status).toBe(401);
    const doc = (await (await app.request(null, '/api/v1/openapi.json')).json()) as { paths: Record<string, { get?: { 'x-access'?: unknown } }> };
    expect(doc.paths['/api/v1/deals/summary']?.get?.['x-access']).toEqual({ permission: 'deals:read', tenant: null });
  });
});
