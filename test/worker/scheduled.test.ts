import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { events } from '../../db/schema/index.ts';
import worker from '../../worker/index.ts';
import { runDealLifecycle } from '../../worker/scheduled.ts';
import { DAY, dealRecord, directDb, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';

// Far before the demo seed's own dates (relative to the real clock), so only these tests' deals are due.
const NOW = new Date('2021-03-03T12:00:00.000Z');

async function runCron(app: TestApp, at: Date) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), app.env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('deal lifecycle cron', () => {
  let app: TestApp;
  let db: Db;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const url = await freshDatabase('demo');
    app = testApp(url);
    db = directDb(url);
    const approved = (expiresInDays: number, extra = {}) =>
      seedDeal(db, { status: 'approved', approvedAt: new Date(NOW.getTime() - 60 * DAY), expiresAt: new Date(NOW.getTime() + expiresInDays * DAY), ...extra });
    ids.past = await approved(-0.01);
    ids.soon = await approved(5, { partnerId: 'prt_contoso' });
    ids.later = await approved(30);
    ids.warned = await approved(3, { expiringNotifiedAt: new Date(NOW.getTime() - DAY) });
    ids.pending = await seedDeal(db, { status: 'submitted' });
    ids.rejectedPast = await seedDeal(db, { status: 'rejected', expiresAt: new Date(NOW.getTime() - DAY) });
    await runCron(app, NOW);
  });

  it('expires approved deals past their expiry, with timeline, audit and outbox rows', async () => {
    const { deal, timeline, audit, outbox } = await dealRecord(db, ids.past!);
    expect(deal.status).toBe('expired');
    expect(deal.updatedAt.toISOString()).toBe(NOW.toISOString());
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ type: 'deal.expired', actorType: 'system', fromStatus: 'approved', toStatus: 'expired' });
    expect(audit.map((a) => a.action)).toEqual(['deal.expired']);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'deal.expired', partnerId: 'prt_northwind', occurredAt: NOW });
    expect(outbox[0]!.data).toMatchObject({ id: ids.past, status: 'expired', partner: { id: 'prt_northwind', name: 'Northwind Reseller' } });
    expect(outbox[0]!.data.products).toEqual([{ id: 'prd_platform', name: 'Platform Enterprise', sku: 'PLT-ENT' }]);
  });

  it('flags deals expiring within 14 days once, with a deal.expiring event', async () => {
    const { deal, timeline, outbox } = await dealRecord(db, ids.soon!);
    expect(deal.status).toBe('approved');
    expect(deal.expiringNotifiedAt?.toISOString()).toBe(NOW.toISOString());
    expect(timeline.map((t) => t.type)).toEqual(['deal.expiring']);
    expect(outbox.map((e) => e.type)).toEqual(['deal.expiring']);
    expect(outbox[0]!.data).toMatchObject({ status: 'approved', partner: { id: 'prt_contoso', name: 'Contoso Integrators' } });
  });

  it('leaves deals outside the window, already warned, pending or terminal alone', async () => {
    for (const key of ['later', 'warned', 'pending', 'rejectedPast']) {
      const { timeline, outbox } = await dealRecord(db, ids[key]!);
      expect({ key, timeline: timeline.length, outbox: outbox.length }).toEqual({ key, timeline: 0, outbox: 0 });
    }
    expect((await dealRecord(db, ids.later!)).deal.expiringNotifiedAt).toBeNull();
  });

  it('a second run at the same time changes nothing', async () => {
    const before = await db.select({ n: count() }).from(events);
    await runCron(app, NOW);
    expect(await db.select({ n: count() }).from(events)).toEqual(before);
  });

  it('a later run expires what was only flagged before', async () => {
    await runCron(app, new Date(NOW.getTime() + 6 * DAY));
    const { deal, outbox } = await dealRecord(db, ids.soon!);
    expect(deal.status).toBe('expired');
    expect(outbox.map((e) => e.type)).toEqual(['deal.expiring', 'deal.expired']);
  });
});

describe('bounded batches', () => {
  it('handles at most `limit` deals per kind and says when more are due, in 2 round trips', async () => {
    const url = await freshDatabase('demo');
    const db = directDb(url);
    const expiresAt = new Date(NOW.getTime() - DAY);
    for (let i = 0; i < 3; i++) await seedDeal(db, { status: 'approved', expiresAt });
    await seedDeal(db, { status: 'approved', expiresAt: new Date(NOW.getTime() + DAY) });
    const traceId = `cron-${Date.now()}`;
    const first = await runDealLifecycle(createDb({ url, traceId }), NOW, 2);
    expect(first).toEqual({ expired: 2, warned: 1, skipped: 0, more: true });
    expect(await roundTrips(traceId)).toBe(2);
    const second = await runDealLifecycle(db, NOW, 2);
    expect(second).toEqual({ expired: 1, warned: 0, skipped: 0, more: false });
    const expired = await db.select({ n: count() }).from(events).where(eq(events.type, 'deal.expired'));
    expect(expired[0]!.n).toBe(3);
  });
});
