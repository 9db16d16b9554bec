import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { auditLog, events, partners } from '../../db/schema/index.ts';
import { DAY, dealRecord, directDb, expectProblem, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';

let app: TestApp;
let db: Db;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
});

const outboxCount = async () => (await db.select({ n: count() }).from(events))[0]!.n;

describe('approve', () => {
  it('approves with the tier protection, on the timeline and in the outbox, in 2 round trips', async () => {
    const id = await seedDeal(db); // Northwind: Gold, 120 protection days
    const res = await app.call('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', json: { reason: 'Clean registration' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'approved', decisionReason: 'Clean registration', rejectionCode: null });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.approvedAt)).toBe(120 * DAY);
    expect(await roundTrips(res.requestId)).toBe(2);

    const { deal, timeline, audit, outbox } = await dealRecord(db, id);
    expect(deal).toMatchObject({ status: 'approved', decisionReason: 'Clean registration' });
    expect(deal.firstDecisionAt?.toISOString()).toBe(res.body.approvedAt);
    expect(timeline).toEqual([
      expect.objectContaining({ type: 'deal.approved', actorType: 'user', actorId: 'usr_demo_manager', fromStatus: 'submitted', toStatus: 'approved', reason: 'Clean registration' }),
    ]);
    expect(audit).toEqual([expect.objectContaining({ action: 'deal.approved', actorId: 'usr_demo_manager', partnerId: 'prt_northwind', ip: '203.0.113.7' })]);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'deal.approved', partnerId: 'prt_northwind', subjectType: 'deal', subjectId: id });
    expect(outbox[0]!.data).toMatchObject({ id, status: 'approved', expiresAt: res.body.expiresAt, partner: { id: 'prt_northwind', name: 'Northwind Reseller' } });
    // One commit: the timeline, audit and outbox rows carry the deal's new updatedAt.
    expect(new Set([deal.updatedAt, timeline[0]!.at, audit[0]!.at, outbox[0]!.occurredAt].map((d) => d.getTime())).size).toBe(1);
  });

  it('uses the program default protection days for a partner without a tier', async () => {
    await db.insert(partners).values({ id: 'prt_untiered', name: 'Untiered Co', type: 'isv', tierId: null, stage: 'active', region: 'EMEA', createdAt: new Date(), updatedAt: new Date() });
    const saved = await app.call('admin', '/api/v1/settings', { method: 'PUT', json: { approvalSlaBusinessDays: 2, defaultProtectionDays: 45 } });
    expect(saved.status).toBe(200);
    const id = await seedDeal(db, { partnerId: 'prt_untiered' });
    const res = await app.call('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} });
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.approvedAt)).toBe(45 * DAY);
  });

  it('a resubmitted registration is approvable too', async () => {
    const id = await seedDeal(db, { status: 'resubmitted' });
    const res = await app.call('admin', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
  });
});

describe('reject and request info', () => {
  it('rejection needs a reason code from the fixed list', async () => {
    const id = await seedDeal(db);
    const missing = await app.call('manager', `/api/v1/deals/${id}/reject`, { method: 'POST', json: { reason: 'No' } });
    expectProblem(missing, 422);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ field: 'reasonCode' }));
    const unknown = await app.call('manager', `/api/v1/deals/${id}/reject`, { method: 'POST', json: { reasonCode: 'because' } });
    expectProblem(unknown, 422);
    expect((await dealRecord(db, id)).deal.status).toBe('submitted');
  });

  it('rejects with the code and reason on the timeline and a deal.rejected event', async () => {
    const id = await seedDeal(db);
    const res = await app.call('manager', `/api/v1/deals/${id}/reject`, {
      method: 'POST',
      json: { reasonCode: 'existing_customer', reason: 'Already a direct customer' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', rejectionCode: 'existing_customer', decisionReason: 'Already a direct customer' });
    expect(await roundTrips(res.requestId)).toBe(2);
    const { timeline, outbox, audit } = await dealRecord(db, id);
    expect(timeline[0]).toMatchObject({ type: 'deal.rejected', reason: 'Already a direct customer', details: { reasonCode: 'existing_customer' } });
    expect(audit[0]).toMatchObject({ action: 'deal.rejected' });
    expect(outbox.map((e) => e.type)).toEqual(['deal.rejected']);
    expect(outbox[0]!.data).toMatchObject({ status: 'rejected', rejectionCode: 'existing_customer' });
  });

  it('requests information, and the partner sees the decision and its reason on the timeline', async () => {
    const id = await seedDeal(db);
    const res = await app.call('manager', `/api/v1/deals/${id}/request-info`, { method: 'POST', json: { reason: 'Which products exactly?' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('info_requested');
    expect((await dealRecord(db, id)).outbox.map((e) => e.type)).toEqual(['deal.info_requested']);

    const seen = await app.call('alice', `/api/v1/deals/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('info_requested');
    expect(seen.body.timeline).toContainEqual(expect.objectContaining({ type: 'deal.info_requested', reason: 'Which products exactly?', toStatus: 'info_requested' }));
  });

  it('an info-requested registration can still be rejected, not approved', async () => {
    const id = await seedDeal(db, { status: 'info_requested' });
    expectProblem(await app.call('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} }), 409);
    const res = await app.call('manager', `/api/v1/deals/${id}/reject`, { method: 'POST', json: { reasonCode: 'insufficient_information' } });
    expect(res.status).toBe(200);
  });
});

describe('decisions that do not apply', () => {
  it('a decision on a deal in the wrong status is a 409 naming the current status, writing nothing', async () => {
    const id = await seedDeal(db, { status: 'approved', expiresAt: new Date(Date.now() + 30 * DAY) });
    const before = await outboxCount();
    for (const [path, json] of [
      ['approve', {}],
      ['reject', { reasonCode: 'duplicate' }],
      ['request-info', { reason: 'Which products?' }],
    ] as const) {
      const res = await app.call('manager', `/api/v1/deals/${id}/${path}`, { method: 'POST', json });
      expectProblem(res, 409);
      expect(res.body).toMatchObject({ currentStatus: 'approved', type: expect.stringContaining('invalid-transition') });
      expect(res.body.detail).toContain('"approved"');
      expect(await roundTrips(res.requestId)).toBe(1);
    }
    expect(await outboxCount()).toBe(before);
    expect((await dealRecord(db, id)).timeline).toHaveLength(0);
  });

  it('racing decisions on one deal: exactly one wins, the other gets a 409, nothing is written twice', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await seedDeal(db);
      const results = await Promise.all([
        app.call('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} }),
        app.call('admin', `/api/v1/deals/${id}/reject`, { method: 'POST', json: { reasonCode: 'duplicate' } }),
        app.call('manager', '/api/v1/deals/bulk-decisions', { method: 'POST', json: { action: 'approve', ids: [id] } }),
      ]);
      const single = results.slice(0, 2).map((r) => r.status);
      const bulkOk = results[2]!.body.results[0].ok as boolean;
      expect(single.filter((s) => s === 200).length + (bulkOk ? 1 : 0)).toBe(1);
      for (const status of single) expect([200, 409]).toContain(status);
      const { timeline, audit, outbox } = await dealRecord(db, id);
      expect([timeline.length, audit.length, outbox.length]).toEqual([1, 1, 1]);
    }
  });

  it('unknown deal → 404; partners → 403; anonymous → 401; unknown body fields → 422', async () => {
    expectProblem(await app.call('manager', '/api/v1/deals/dl_nope/approve', { method: 'POST', json: {} }), 404);
    const id = await seedDeal(db);
    expectProblem(await app.call('alice', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} }), 403);
    expectProblem(await app.call('crmWriter', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} }), 403);
    expectProblem(await app.call(null, `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} }), 401);
    const extra = await app.call('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', json: { reason: 'ok', expiresAt: '2030-01-01' } });
    expectProblem(extra, 422);
    expect(extra.body.errors).toContainEqual(expect.objectContaining({ field: 'expiresAt', code: 'unrecognized_keys' }));
    const malformed = await app.call('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', body: '{"reason":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect((await dealRecord(db, id)).deal.status).toBe('submitted');
  });
});

describe('extension decisions', () => {
  const approvedWithRequest = (expiresInDays: number, requested = true) =>
    seedDeal(db, {
      status: 'approved',
      approvedAt: new Date(Date.now() - 100 * DAY),
      expiresAt: new Date(Date.now() + expiresInDays * DAY),
      extensionRequestedAt: requested ? new Date(Date.now() - DAY) : null,
      expiringNotifiedAt: new Date(Date.now() - DAY),
    });

  it('approving extends by the tier protection days from the current expiry by default', async () => {
    const id = await approvedWithRequest(10);
    const current = (await dealRecord(db, id)).deal.expiresAt!;
    const res = await app.call('manager', `/api/v1/deals/${id}/extension`, { method: 'POST', json: { decision: 'approve', reason: 'Big deal, slow procurement' } });
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.expiresAt)).toBe(current.getTime() + 120 * DAY);
    expect(res.body).toMatchObject({ status: 'approved', extensionRequestedAt: null });
    expect(await roundTrips(res.requestId)).toBe(2);
    const { deal, timeline, outbox } = await dealRecord(db, id);
    expect(deal.expiringNotifiedAt).toBeNull();
    expect(timeline[0]).toMatchObject({
      type: 'deal.extended',
      reason: 'Big deal, slow procurement',
      details: { previousExpiresAt: current.toISOString(), expiresAt: res.body.expiresAt },
    });
    expect(outbox.map((e) => e.type)).toEqual(['deal.extended']);
  });

  it("answers the partner's own extension request, and the partner sees both on the timeline", async () => {
    const id = await approvedWithRequest(10, false);
    const asked = await app.call('alice', `/api/v1/deals/${id}/extension-request`, { method: 'POST', json: { reason: 'Board meets next quarter' } });
    expect(asked.status).toBe(200);
    expect(asked.body.extensionRequestedAt).toEqual(expect.any(String));
    const res = await app.call('manager', `/api/v1/deals/${id}/extension`, { method: 'POST', json: { decision: 'approve' } });
    expect(res.status).toBe(200);
    const seen = await app.call('alice', `/api/v1/deals/${id}`);
    expect(seen.body).toMatchObject({ extensionRequestedAt: null, expiresAt: res.body.expiresAt });
    expect(seen.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['deal.extension_requested', 'deal.extended']));
  });

  it('approving with an explicit new expiry uses it, and refuses one that does not move protection forward', async () => {
    const id = await approvedWithRequest(10);
    const earlier = await app.call('manager', `/api/v1/deals/${id}/extension`, {
      method: 'POST',
      json: { decision: 'approve', newExpiresAt: new Date(Date.now() + 5 * DAY).toISOString() },
    });
    expectProblem(earlier, 422);
    expect(earlier.body.errors).toContainEqual(expect.objectContaining({ field: 'newExpiresAt' }));
    const target = new Date(Date.now() + 40 * DAY);
    target.setUTCMilliseconds(0);
    const res = await app.call('manager', `/api/v1/deals/${id}/extension`, { method: 'POST', json: { decision: 'approve', newExpiresAt: target.toISOString() } });
    expect(res.status).toBe(200);
    expect(res.body.expiresAt).toBe(target.toISOString());
  });

  it('declining clears the request, keeps the expiry, and emits deal.extension_declined', async () => {
    const id = await approvedWithRequest(10);
    const current = (await dealRecord(db, id)).deal.expiresAt!;
    const res = await app.call('manager', `/api/v1/deals/${id}/extension`, { method: 'POST', json: { decision: 'decline', reason: 'Protection is long enough' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ extensionRequestedAt: null, expiresAt: current.toISOString() });
    const { timeline, outbox } = await dealRecord(db, id);
    expect(timeline[0]).toMatchObject({ type: 'deal.extension_declined', reason: 'Protection is long enough' });
    expect(outbox.map((e) => e.type)).toEqual(['deal.extension_declined']);
  });

  it('declining without a request, or deciding on a deal that is not approved, is a 409', async () => {
    const noRequest = await approvedWithRequest(10, false);
    const res = await app.call('manager', `/api/v1/deals/${noRequest}/extension`, { method: 'POST', json: { decision: 'decline' } });
    expectProblem(res, 409);
    expect(res.body.type).toContain('no-extension-request');
    const pending = await seedDeal(db);
    const wrong = await app.call('manager', `/api/v1/deals/${pending}/extension`, { method: 'POST', json: { decision: 'approve' } });
    expectProblem(wrong, 409);
    expect(wrong.body.currentStatus).toBe('submitted');
    const declineWithDate = await app.call('manager', `/api/v1/deals/${noRequest}/extension`, {
      method: 'POST',
      json: { decision: 'decline', newExpiresAt: new Date(Date.now() + 90 * DAY).toISOString() },
    });
    expectProblem(declineWithDate, 422);
  });
});

describe('settings', () => {
  it('staff read them in one round trip; only admins change them; the change is audited', async () => {
    const read = await app.call('manager', '/api/v1/settings');
    expect(read.status).toBe(200);
    expect(Object.keys(read.body).sort()).toEqual(['approvalSlaBusinessDays', 'contentMaxUploadBytes', 'defaultProtectionDays', 'tierDowngradeGraceDays']);
    expect(await roundTrips(read.requestId)).toBe(1);
    expectProblem(await app.call('alice', '/api/v1/settings'), 403);
    expectProblem(await app.call('manager', '/api/v1/settings', { method: 'PUT', json: { approvalSlaBusinessDays: 3, defaultProtectionDays: 60 } }), 403);

    const saved = await app.call('admin', '/api/v1/settings', { method: 'PUT', json: { approvalSlaBusinessDays: 3, defaultProtectionDays: 60 } });
    expect(saved.status).toBe(200);
    expect(await roundTrips(saved.requestId)).toBe(2);
    expect((await app.call('manager', '/api/v1/settings')).body).toEqual({ approvalSlaBusinessDays: 3, defaultProtectionDays: 60, tierDowngradeGraceDays: 30, contentMaxUploadBytes: 104857600 });
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'settings.updated'));
    expect(audit.at(-1)).toMatchObject({ actorId: 'usr_demo_admin', details: { to: { approvalSlaBusinessDays: 3, defaultProtectionDays: 60 } } });
  });

  it('refuses out-of-range, partial or unknown settings field by field', async () => {
    const before = (await app.call('manager', '/api/v1/settings')).body;
    const res = await app.call('admin', '/api/v1/settings', { method: 'PUT', json: { approvalSlaBusinessDays: 0, defaultProtectionDays: 1.5, other: 1 } });
    expectProblem(res, 422);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields.sort()).toEqual(['approvalSlaBusinessDays', 'defaultProtectionDays', 'other']);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'other', code: 'unrecognized_keys' }));
    const partial = await app.call('admin', '/api/v1/settings', { method: 'PUT', json: { approvalSlaBusinessDays: 2 } });
    expectProblem(partial, 422);
    expect(partial.body.errors.map((e: { field: string }) => e.field)).toEqual(['defaultProtectionDays']);
    expect((await app.call('manager', '/api/v1/settings')).body).toEqual(before);
  });
});
