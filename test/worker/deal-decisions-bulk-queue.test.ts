import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { dealConflicts } from '../../db/schema/index.ts';
import { newId } from '../../worker/lib/ids.ts';
import { DAY, dealRecord, directDb, expectProblem, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';

let app: TestApp;
let db: Db;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
});

describe('bulk decisions', () => {
  it('decides each id independently: ok, wrong status, unknown — in 2 round trips', async () => {
    const submitted = await seedDeal(db);
    const resubmitted = await seedDeal(db, { status: 'resubmitted', partnerId: 'prt_contoso' });
    const approved = await seedDeal(db, { status: 'approved', expiresAt: new Date(Date.now() + 30 * DAY) });
    const ids = [submitted, approved, 'dl_missing', resubmitted];
    const res = await app.call('manager', '/api/v1/deals/bulk-decisions', { method: 'POST', json: { action: 'approve', ids, reason: 'Batch review' } });
    expect(res.status).toBe(200);
    expect(await roundTrips(res.requestId)).toBe(2);
    expect(res.body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(ids);
    const [a, b, c, d] = res.body.results;
    expect(a).toMatchObject({ ok: true, status: 'approved', expiresAt: expect.any(String) });
    expect(b).toMatchObject({ ok: false, status: 'approved', problem: { status: 409, type: expect.stringContaining('invalid-transition') } });
    expect(b.problem.detail).toContain('"approved"');
    expect(c).toMatchObject({ ok: false, problem: { status: 404 } });
    expect(d).toMatchObject({ ok: true, status: 'approved' });

    // Contoso is Silver: 90 protection days; Northwind Gold: 120.
    const [rs, rd] = [await dealRecord(db, submitted), await dealRecord(db, resubmitted)];
    expect(rs.deal.expiresAt!.getTime() - rs.deal.approvedAt!.getTime()).toBe(120 * DAY);
    expect(rd.deal.expiresAt!.getTime() - rd.deal.approvedAt!.getTime()).toBe(90 * DAY);
    for (const r of [rs, rd]) {
      expect(r.timeline).toEqual([expect.objectContaining({ type: 'deal.approved', reason: 'Batch review' })]);
      expect(r.outbox.map((e) => e.type)).toEqual(['deal.approved']);
      expect(r.audit.map((e) => e.action)).toEqual(['deal.approved']);
    }
    expect((await dealRecord(db, approved)).outbox).toHaveLength(0);
  });

  it('bulk rejection records the reason code on each deal', async () => {
    const ids = [await seedDeal(db), await seedDeal(db)];
    const res = await app.call('manager', '/api/v1/deals/bulk-decisions', { method: 'POST', json: { action: 'reject', ids, reasonCode: 'duplicate' } });
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    for (const id of ids) {
      const { deal, outbox } = await dealRecord(db, id);
      expect(deal).toMatchObject({ status: 'rejected', rejectionCode: 'duplicate' });
      expect(outbox.map((e) => e.type)).toEqual(['deal.rejected']);
    }
  });

  it('refuses malformed requests as a whole, field by field', async () => {
    const id = await seedDeal(db);
    const cases: Array<[unknown, string]> = [
      [{ action: 'reject', ids: [id] }, 'reasonCode'],
      [{ action: 'approve', ids: [id], reasonCode: 'duplicate' }, 'reasonCode'],
      [{ action: 'approve', ids: [] }, 'ids'],
      [{ action: 'approve', ids: Array.from({ length: 101 }, (_, i) => `dl_${i}`) }, 'ids'],
      [{ action: 'approve', ids: [id, id] }, 'ids.1'],
      [{ action: 'withdraw', ids: [id] }, 'action'],
    ];
    for (const [json, field] of cases) {
      const res = await app.call('manager', '/api/v1/deals/bulk-decisions', { method: 'POST', json });
      expectProblem(res, 422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await dealRecord(db, id)).deal.status).toBe('submitted');
    expectProblem(await app.call('alice', '/api/v1/deals/bulk-decisions', { method: 'POST', json: { action: 'approve', ids: [id] } }), 403);
  });
});

describe('approval queue', () => {
  // Far in the past so these are the oldest pending registrations, whatever the seed holds.
  const base = Date.UTC(2020, 0, 6, 9); // a Monday
  let oldest: string, conflicted: string, contoso: string, newest: string;

  beforeAll(async () => {
    oldest = await seedDeal(db, { submittedAt: new Date(base) });
    conflicted = await seedDeal(db, { submittedAt: new Date(base + 1000), status: 'resubmitted', hasConflict: true });
    await db.insert(dealConflicts).values([
      { id: newId('dcf'), dealId: conflicted, reason: 'same_domain', createdAt: new Date() },
      { id: newId('dcf'), dealId: conflicted, reason: 'similar_name', createdAt: new Date() },
    ]);
    contoso = await seedDeal(db, { submittedAt: new Date(base + 2000), partnerId: 'prt_contoso' });
    await seedDeal(db, { submittedAt: new Date(base + 3000), status: 'approved' });
    newest = await seedDeal(db, { submittedAt: new Date(Date.now() - 60_000) });
  });

  it('lists pending registrations oldest first with partner, tier, conflict and SLA, in 1 round trip', async () => {
    const res = await app.call('manager', '/api/v1/deals/queue?limit=3');
    expect(res.status).toBe(200);
    expect(await roundTrips(res.requestId)).toBe(1);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([oldest, conflicted, contoso]);
    expect(res.body.slaBusinessDays).toBe(2);
    const [first, second, third] = res.body.items;
    expect(first).toMatchObject({
      status: 'submitted',
      estimatedValue: 12500,
      currency: 'EUR',
      slaState: 'overdue',
      slaDueAt: '2020-01-08T09:00:00.000Z',
      hasConflict: false,
      conflictCount: 0,
      partner: { id: 'prt_northwind', name: 'Northwind Reseller', region: 'EMEA', tier: { id: 'tier_gold', name: 'Gold' } },
    });
    expect(first.ageHours).toBeGreaterThan(24 * 365);
    expect(second).toMatchObject({ status: 'resubmitted', hasConflict: true, conflictCount: 2 });
    expect(third.partner).toMatchObject({ name: 'Contoso Integrators', region: 'NA', tier: { name: 'Silver' } });
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('pages with the cursor without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.call('manager', `/api/v1/deals/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([oldest, conflicted, contoso, newest]));
    expect(seen.indexOf(oldest)).toBeLessThan(seen.indexOf(newest));
  });

  it('a fresh registration is on track', async () => {
    const res = await app.call('manager', '/api/v1/deals/queue?limit=100');
    const item = res.body.items.find((i: { id: string }) => i.id === newest);
    expect(item).toMatchObject({ ageBusinessDays: expect.any(Number) });
    expect(['on_track', 'due_soon']).toContain(item.slaState);
  });

  it('filters by partner, tier, region and conflict', async () => {
    const ids = async (query: string) =>
      (await app.call('manager', `/api/v1/deals/queue?limit=100&${query}`)).body.items.map((i: { id: string }) => i.id) as string[];
    expect(await ids('partnerId=prt_contoso')).toContain(contoso);
    expect(await ids('partnerId=prt_contoso')).not.toContain(oldest);
    expect(await ids('tierId=tier_silver')).toEqual(await ids('partnerId=prt_contoso'));
    expect(await ids('region=NA')).not.toContain(oldest);
    expect(await ids('conflict=true')).toContain(conflicted);
    const flagged = (await app.call('manager', '/api/v1/deals/queue?limit=100&conflict=true')).body.items;
    // A set of one value: fails on an empty page as well as on a row without a conflict.
    expect(new Set(flagged.map((i: { hasConflict: boolean }) => i.hasConflict))).toEqual(new Set([true]));
    expect(await ids('conflict=false')).not.toContain(conflicted);
  });

  it('refuses bad query parameters and non-staff callers', async () => {
    expectProblem(await app.call('manager', '/api/v1/deals/queue?cursor=garbage'), 400);
    expectProblem(await app.call('manager', '/api/v1/deals/queue?limit=0'), 400);
    expectProblem(await app.call('manager', '/api/v1/deals/queue?conflict=maybe'), 400);
    expectProblem(await app.call('alice', '/api/v1/deals/queue'), 403);
    expectProblem(await app.call('crmReader', '/api/v1/deals/queue'), 403);
  });
});
