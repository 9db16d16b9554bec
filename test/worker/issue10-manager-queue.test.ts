import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { DAY, dealRecord, directDb, expectProblem, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';

let app: TestApp;
let db: Db;
let extension: string;
let expiresAt: Date;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
  expiresAt = new Date(Date.now() + 10 * DAY);
  // Northwind is Gold: 120 protection days.
  extension = await seedDeal(db, {
    status: 'approved',
    approvedAt: new Date(Date.now() - 100 * DAY),
    expiresAt,
    extensionRequestedAt: new Date(Date.now() - 3600_000),
  });
});

describe('open extension requests are visible to managers', () => {
  it('GET /deals?extensionRequested=true lists them (and only them)', async () => {
    const res = await app.call('manager', '/api/v1/deals?extensionRequested=true&limit=100');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((d: { id: string }) => d.id);
    expect(ids).toContain(extension);
    for (const d of res.body.items) expect(d).toMatchObject({ status: 'approved', extensionRequestedAt: expect.any(String) });
  });

  it('the approval queue includes them, marked kind "extension" with the date approving would set', async () => {
    const res = await app.call('manager', '/api/v1/deals/queue?limit=100');
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: string }) => i.id === extension);
    expect(item).toMatchObject({ kind: 'extension', status: 'approved', extensionRequestedAt: expect.any(String) });
    expect(new Date(item.extensionRequestedUntil).getTime()).toBe(expiresAt.getTime() + 120 * DAY);
    // Pending registrations keep their shape, marked as such.
    const registration = res.body.items.find((i: { status: string }) => i.status === 'submitted');
    expect(registration).toMatchObject({ kind: 'registration', extensionRequestedAt: null, extensionRequestedUntil: null });
  });

  it('the summary counts them and the detail previews the resulting expiry; approving records it on the timeline', async () => {
    const summary = await app.call('manager', '/api/v1/deals/summary');
    expect(summary.body.openExtensionRequests).toBeGreaterThanOrEqual(1);
    const before = await app.call('manager', `/api/v1/deals/${extension}`);
    expect(before.status).toBe(200);
    expect(await roundTrips(before.requestId)).toBe(1);
    const preview = before.body.extensionPreviewExpiresAt;
    expect(new Date(preview).getTime()).toBe(expiresAt.getTime() + 120 * DAY);

    const approved = await app.call('manager', `/api/v1/deals/${extension}/extension`, { method: 'POST', json: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body.expiresAt).toBe(preview);
    const after = await app.call('manager', `/api/v1/deals/${extension}`);
    expect(after.body.extensionPreviewExpiresAt).toBeNull();
    expect(after.body.timeline.at(-1)).toMatchObject({ type: 'deal.extended', expiresAt: preview });
    const queue = await app.call('manager', '/api/v1/deals/queue?limit=100');
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toContain(extension);
  });
});

describe('request info', () => {
  it('needs a message: 422 with a field error on reason when missing or blank, nothing written', async () => {
    const id = await seedDeal(db);
    for (const json of [{}, { reason: '   ' }]) {
      const res = await app.call('manager', `/api/v1/deals/${id}/request-info`, { method: 'POST', json });
      expectProblem(res, 422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    }
    expect((await dealRecord(db, id)).deal.status).toBe('submitted');
    const ok = await app.call('manager', `/api/v1/deals/${id}/request-info`, { method: 'POST', json: { reason: 'Which products?' } });
    expect(ok.status).toBe(200);
    const seen = await app.call('alice', `/api/v1/deals/${id}`);
    expect(seen.body.timeline.at(-1)).toMatchObject({ type: 'deal.info_requested', reason: 'Which products?' });
  });
});

describe('region filter', () => {
  it('matches any case on the queue and the staff deal list', async () => {
    const upper = await app.call('manager', '/api/v1/deals/queue?region=EMEA&limit=100');
    const lower = await app.call('manager', '/api/v1/deals/queue?region=emea&limit=100');
    expect(upper.body.items.length).toBeGreaterThan(0);
    expect(lower.body.items.map((i: { id: string }) => i.id)).toEqual(upper.body.items.map((i: { id: string }) => i.id));
    for (const i of lower.body.items) expect(i.partner.region).toBe('EMEA');
    const list = await app.call('manager', '/api/v1/deals?region=eMeA&limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const d of list.body.items) expect(d.partnerId).not.toBe('prt_contoso');
  });
});
