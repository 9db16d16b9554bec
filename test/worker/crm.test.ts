import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { DAY, dealRecord, directDb, expectProblem, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, testApp, type Persona as As, type TestApp } from './harness.ts';

let app: TestApp;
let db: Db;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
});

const approvedDeal = (over: Parameters<typeof seedDeal>[1] = {}) =>
  seedDeal(db, { status: 'approved', approvedAt: new Date(Date.now() - 10 * DAY), expiresAt: new Date(Date.now() + 80 * DAY), ...over });
const patch = (as: As, id: string, json: unknown) => app.call(as, `/api/v1/deals/${id}`, { method: 'PATCH', json });

describe('CRM write-back: won / lost', () => {
  it('a deals:write token marks an approved deal won, exactly, in 2 round trips', async () => {
    const id = await approvedDeal();
    const res = await patch('crmWriter', id, { stage: 'won', wonAmount: 98765.43, closeDate: '2026-11-20', crmId: 'OPP-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'won', wonAmount: 98765.43, currency: 'EUR', closeDate: '2026-11-20', crmId: 'OPP-1' });
    expect(await roundTrips(res.requestId)).toBe(2);
    const { deal, timeline, audit, outbox } = await dealRecord(db, id);
    expect(deal).toMatchObject({ status: 'won', wonAmountMinor: 9_876_543, closeDate: '2026-11-20', crmId: 'OPP-1' });
    expect(timeline).toEqual([expect.objectContaining({ type: 'deal.won', actorType: 'token', actorId: await app.tokenId('crmWriter'), fromStatus: 'approved', toStatus: 'won' })]);
    expect(audit).toEqual([expect.objectContaining({ action: 'deal.won', actorType: 'token' })]);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'deal.won', partnerId: 'prt_northwind' });
    expect(outbox[0]!.data).toMatchObject({ status: 'won', wonAmount: 98765.43, partner: { name: 'Northwind Reseller' } });
  });

  it('money follows the deal currency: whole yen only, at most 2 decimals for EUR', async () => {
    const yen = await approvedDeal({ currency: 'JPY', estimatedValueMinor: 5_000_000 });
    expectProblem(await patch('crmWriter', yen, { stage: 'won', wonAmount: 1000.5, closeDate: '2026-11-20' }), 422);
    const ok = await patch('crmWriter', yen, { stage: 'won', wonAmount: 4_800_000, closeDate: '2026-11-20' });
    expect(ok.status).toBe(200);
    expect((await dealRecord(db, yen)).deal.wonAmountMinor).toBe(4_800_000);
    const eur = await approvedDeal();
    const bad = await patch('crmWriter', eur, { stage: 'won', wonAmount: 10.001, closeDate: '2026-11-20' });
    expectProblem(bad, 422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'wonAmount', message: expect.stringContaining('2 decimal') })]);
    expect((await dealRecord(db, eur)).deal.status).toBe('approved');
  });

  it('marks a deal lost with its reason on the timeline', async () => {
    const id = await approvedDeal();
    const res = await patch('crmWriter', id, { stage: 'lost', lostReason: 'Went with a competitor' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'lost', lostReason: 'Went with a competitor' });
    const { timeline, outbox } = await dealRecord(db, id);
    expect(timeline[0]).toMatchObject({ type: 'deal.lost', reason: 'Went with a competitor' });
    expect(outbox.map((e) => e.type)).toEqual(['deal.lost']);
  });

  it('staff can mark won from the portal through the same route', async () => {
    const id = await approvedDeal();
    const res = await patch('manager', id, { stage: 'won', wonAmount: 500, closeDate: '2026-11-01' });
    expect(res.status).toBe(200);
    expect((await dealRecord(db, id)).timeline[0]).toMatchObject({ type: 'deal.won', actorType: 'user', actorId: 'usr_demo_manager' });
  });

  it('a retried write-back that already holds answers 200 and writes nothing more', async () => {
    const id = await approvedDeal();
    const body = { stage: 'won', wonAmount: 1200, closeDate: '2026-11-02' };
    expect((await patch('crmWriter', id, body)).status).toBe(200);
    const again = await patch('crmWriter', id, body);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('won');
    expect((await dealRecord(db, id)).outbox).toHaveLength(1);
    // A different amount on a won deal is not a retry: the lifecycle refuses it.
    const changed = await patch('crmWriter', id, { ...body, wonAmount: 1300 });
    expectProblem(changed, 409);
    expect(changed.body.currentStatus).toBe('won');
  });

  it('only approved deals can be won or lost (409 naming the status)', async () => {
    const pending = await seedDeal(db);
    const res = await patch('crmWriter', pending, { stage: 'won', wonAmount: 1, closeDate: '2026-11-20' });
    expectProblem(res, 409);
    expect(res.body).toMatchObject({ currentStatus: 'submitted' });
    expect(res.body.detail).toContain('"submitted"');
    expect((await dealRecord(db, pending)).outbox).toHaveLength(0);
  });
});

describe('CRM write-back: crmId alone', () => {
  it('records the CRM id on the timeline and in the audit log, without an outbox event', async () => {
    const id = await seedDeal(db);
    const res = await patch('crmWriter', id, { crmId: 'OPP-77' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'submitted', crmId: 'OPP-77' });
    expect(await roundTrips(res.requestId)).toBe(2);
    const { deal, timeline, audit, outbox } = await dealRecord(db, id);
    expect(deal.crmId).toBe('OPP-77');
    expect(timeline).toEqual([expect.objectContaining({ type: 'deal.crm_linked', details: { crmId: 'OPP-77', previousCrmId: null } })]);
    expect(audit.map((a) => a.action)).toEqual(['deal.crm_linked']);
    expect(outbox).toHaveLength(0);
    const same = await patch('crmWriter', id, { crmId: 'OPP-77' });
    expect(same.status).toBe(200);
    expect(await roundTrips(same.requestId)).toBe(1);
  });
});

describe('CRM write-back: access and validation', () => {
  it('needs the deals:write scope (403 without), a staff role, and a known deal (404)', async () => {
    const id = await approvedDeal();
    const denied = await patch('crmReader', id, { stage: 'won', wonAmount: 1, closeDate: '2026-11-20' });
    expectProblem(denied, 403);
    expect(denied.body.detail).toContain('deals:write');
    expectProblem(await patch('alice', id, { crmId: 'X' }), 403);
    expectProblem(await app.call(null, `/api/v1/deals/${id}`, { method: 'PATCH', json: { crmId: 'X' } }), 401);
    expectProblem(await patch('crmWriter', 'dl_unknown', { crmId: 'X' }), 404);
    expect((await dealRecord(db, id)).deal.status).toBe('approved');
  });

  it.each([
    [{}, 'crmId'],
    [{ stage: 'won', closeDate: '2026-11-20' }, 'wonAmount'],
    [{ stage: 'won', wonAmount: 10 }, 'closeDate'],
    [{ stage: 'won', wonAmount: -5, closeDate: '2026-11-20' }, 'wonAmount'],
    [{ stage: 'won', wonAmount: '10', closeDate: '2026-11-20' }, 'wonAmount'],
    [{ stage: 'won', wonAmount: 10, closeDate: '20/11/2026' }, 'closeDate'],
    [{ stage: 'won', wonAmount: 10, closeDate: '2026-11-20', lostReason: 'x' }, 'lostReason'],
    [{ stage: 'lost' }, 'lostReason'],
    [{ stage: 'lost', lostReason: 'x', wonAmount: 3 }, 'wonAmount'],
    [{ stage: 'open' }, 'stage'],
    [{ wonAmount: 10 }, 'wonAmount'],
    [{ crmId: '' }, 'crmId'],
    [{ crmId: 'X', status: 'won' }, 'status'],
  ])('%j → 422 on %s', async (json, field) => {
    const id = await approvedDeal();
    const res = await patch('crmWriter', id, json);
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('bodies from anywhere never cause a 5xx', () => {
  const anyBody = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        stage: fc.oneof(fc.constantFrom('won', 'lost', 'open'), fc.jsonValue()),
        wonAmount: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(1e308)),
        closeDate: fc.oneof(fc.constant('2026-11-20'), fc.string()),
        lostReason: fc.string(),
        crmId: fc.string(),
        reason: fc.string(),
        reasonCode: fc.oneof(fc.constantFrom('duplicate', 'other'), fc.string()),
        decision: fc.constantFrom('approve', 'decline', 'maybe'),
        newExpiresAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()),
        action: fc.constantFrom('approve', 'reject', 'nope'),
        ids: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
      },
      { requiredKeys: [] },
    ),
  );
  const paths = ['approve', 'reject', 'request-info', 'extension', '', 'bulk'] as const;

  it('decision and write-back routes answer 2xx or 4xx problem+json', async () => {
    const pending = await seedDeal(db);
    const approved = await approvedDeal({ extensionRequestedAt: new Date() });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.constantFrom(pending, approved), anyBody, async (path, id, body) => {
        const url = path === 'bulk' ? '/api/v1/deals/bulk-decisions' : path === '' ? `/api/v1/deals/${id}` : `/api/v1/deals/${id}/${path}`;
        const as: As = path === '' ? 'crmWriter' : 'manager';
        const res = await app.call(as, url, { method: path === '' ? 'PATCH' : 'POST', json: body });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) return expectProblem(res, res.status);
        // Every other answer is a plain JSON success, not a redirect or an empty 2xx.
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.body).toEqual(expect.any(Object));
      }),
      { numRuns: 120 },
    );
  });
});
