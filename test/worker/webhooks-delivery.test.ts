import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { events, webhookEndpoints, webhookMessages } from '../../db/schema/index.ts';
import { DEAL_EVENT_TYPES } from '../../worker/domain/deal-lifecycle.ts';
import { RETRY_SCHEDULE_SECONDS } from '../../worker/domain/webhook-retry.ts';
import { sweepOutbox } from '../../worker/jobs/outbox-sweep.ts';
import { enqueueEvents } from '../../worker/webhooks/enqueue.ts';
import { seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, testApp, type TestApp } from './harness.ts';
import type { ReceivedRequest } from '../setup/global-receiver.ts';
import { insertDealEvent, received, receiverPath, receiverUrl, script } from './webhooks.helpers.ts';

let h: TestApp;
beforeEach(async () => {
  h = testApp(await freshDatabase('demo'), { WEBHOOK_TIMEOUT_MS: '400' });
});

interface Endpoint {
  id: string;
  secret: string;
  path: string;
}

async function endpoint(name: string, events?: string[]): Promise<Endpoint> {
  const path = receiverPath(name);
  const res = await h.request('admin', '/api/v1/webhook-endpoints', { method: 'POST', json: { url: receiverUrl(path), events } });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; secret: string };
  return { ...body, path };
}

/** Verifies with the standardwebhooks library (not our code) and returns the payload. */
function verify(secret: string, req: ReceivedRequest) {
  return new Webhook(secret).verify(req.body, req.headers) as { type: string; timestamp: string; data: Record<string, unknown> };
}

async function messages(endpointId: string) {
  return h.db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, endpointId));
}

interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  attemptLog: { attempt: number; statusCode: number | null; error: string | null; nextRetryAt: string | null; responseExcerpt: string | null; durationMs: number }[];
}

async function deliveries(endpointId: string, query = ''): Promise<Delivery[]> {
  const res = await h.request('admin', `/api/v1/webhook-endpoints/${endpointId}/deliveries${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Delivery[] }).items;
}

describe('delivery', () => {
  it('delivers every deal event type once per subscribed endpoint, verifiable with standardwebhooks', async () => {
    const all = await endpoint('all');
    const some = await endpoint('some', ['deal.approved', 'deal.won']);
    const ids: Record<string, string> = {};
    for (const type of DEAL_EVENT_TYPES) ids[type] = await insertDealEvent(h.db, type, 'dl_every');

    expect(await enqueueEvents(h.env, Object.values(ids))).toBe(DEAL_EVENT_TYPES.length + 2);
    // A second enqueue of the same events (e.g. the sweep racing) sends nothing more.
    expect(await enqueueEvents(h.env, Object.values(ids))).toBe(0);
    expect(await h.drain()).toEqual([]);

    const got = await received(all.path);
    expect(got).toHaveLength(DEAL_EVENT_TYPES.length);
    for (const req of got) {
      const payload = verify(all.secret, req);
      expect(req.headers['webhook-id']).toBe(ids[payload.type]);
      expect(req.headers['content-type']).toBe('application/json');
      expect(payload.data).toMatchObject({ id: 'dl_every', portalUrl: `${h.env.PORTAL_URL}/deals/dl_every`, partner: { name: 'Northwind Reseller' } });
      expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(got.map((r) => verify(all.secret, r).type).sort()).toEqual([...DEAL_EVENT_TYPES].sort());

    const someGot = await received(some.path);
    expect(someGot.map((r) => verify(some.secret, r).type).sort()).toEqual(['deal.approved', 'deal.won']);
    // The other endpoint's secret does not verify these.
    expect(() => verify(all.secret, someGot[0]!)).toThrow(/No matching signature/);

    const rows = await h.db.select().from(events);
    expect(rows.length).toBeGreaterThanOrEqual(DEAL_EVENT_TYPES.length);
    expect(rows.filter((e) => e.enqueuedAt === null)).toEqual([]);
    const sent = await messages(all.id);
    expect(sent).toHaveLength(DEAL_EVENT_TYPES.length);
    expect(new Set(sent.map((m) => `${m.status} after ${m.attempts}`))).toEqual(new Set(['delivered after 1']));
  });

  it('retries a 500 after ~5 s and delivers with the same webhook-id', async () => {
    const ep = await endpoint('flaky');
    await script(ep.path, [{ status: 500, body: 'database is down' }]);
    const id = await insertDealEvent(h.db, 'deal.approved');
    await enqueueEvents(h.env, [id]);
    const delays = await h.drain();
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(4);
    expect(delays[0]).toBeLessThanOrEqual(6);

    const got = await received(ep.path);
    expect(got.map((r) => r.headers['webhook-id'])).toEqual([id, id]);
    for (const req of got) verify(ep.secret, req);

    const [delivery] = await deliveries(ep.id);
    expect(delivery).toMatchObject({ eventId: id, status: 'delivered', attempts: 2 });
    expect(delivery!.attemptLog).toMatchObject([
      { attempt: 1, statusCode: 500, responseExcerpt: 'database is down' },
      { attempt: 2, statusCode: 200, nextRetryAt: null },
    ]);
    expect(delivery!.attemptLog[0]!.nextRetryAt).not.toBeNull();
  });

  it('treats a response slower than the timeout as a failure', async () => {
    const ep = await endpoint('slow');
    await script(ep.path, [{ status: 200, delayMs: 3000 }]);
    await enqueueEvents(h.env, [await insertDealEvent(h.db, 'deal.won')]);
    expect(await h.drain()).toHaveLength(1);
    const [delivery] = await deliveries(ep.id);
    expect(delivery!.attemptLog[0]).toMatchObject({ statusCode: null, error: 'Timed out after 0.4 s' });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('does not follow redirects, honours Retry-After on 429, and keeps a 1 KB excerpt', async () => {
    const ep = await endpoint('redirect');
    await script(ep.path, [
      { status: 429, headers: { 'retry-after': '120' }, body: 'x'.repeat(100_000) },
      { status: 302, headers: { location: 'http://169.254.169.254/' } },
    ]);
    await enqueueEvents(h.env, [await insertDealEvent(h.db, 'deal.lost')]);
    const delays = await h.drain();
    expect(delays[0]).toBe(120);
    expect(delays[1]).toBeGreaterThanOrEqual(270);
    const [delivery] = await deliveries(ep.id);
    expect(delivery!.attemptLog[0]).toMatchObject({ statusCode: 429 });
    expect(delivery!.attemptLog[0]!.responseExcerpt).toHaveLength(1024);
    expect(delivery!.attemptLog[1]).toMatchObject({ statusCode: 302 });
    expect(delivery!.attemptLog[1]!.error).toContain('Redirects are not followed');
    expect(await received(ep.path)).toHaveLength(3);
    expect(delivery!.status).toBe('delivered');
  });

  it('disables the endpoint on 410 Gone; recovery after re-enabling delivers what was missed', async () => {
    const ep = await endpoint('gone');
    await script(ep.path, [], { status: 410 });
    await enqueueEvents(h.env, [await insertDealEvent(h.db, 'deal.approved')]);
    expect(await h.drain()).toEqual([]);
    const view = (await (await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}`)).json()) as { enabled: boolean; disabledReason: string };
    expect(view.enabled).toBe(false);
    expect(view.disabledReason).toContain('410');

    // Events while disabled are kept (dead) rather than sent.
    const later = await insertDealEvent(h.db, 'deal.won');
    expect(await enqueueEvents(h.env, [later])).toBe(0);
    expect((await messages(ep.id)).map((m) => m.status)).toEqual(['dead', 'dead']);
    expect((await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/test`, { method: 'POST' })).status).toBe(409);

    await script(ep.path, [], { status: 204 });
    await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}`, { method: 'PATCH', json: { enabled: true } });
    const res = await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/recover`, { method: 'POST', json: { since: new Date(Date.now() - 3_600_000).toISOString() } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ requeued: 2, more: false });
    await h.drain();
    expect((await messages(ep.id)).map((m) => m.status)).toEqual(['delivered', 'delivered']);
    expect(new Set((await received(ep.path)).slice(-2).map((r) => r.headers['webhook-id']))).toContain(later);
  });

  it('dead-letters after the whole schedule; an admin resend delivers it', async () => {
    const ep = await endpoint('down');
    await script(ep.path, [], { status: 503, body: 'down' });
    const id = await insertDealEvent(h.db, 'deal.registered');
    await enqueueEvents(h.env, [id]);
    const delays = await h.drain();
    expect(delays).toHaveLength(RETRY_SCHEDULE_SECONDS.length);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(Math.floor(RETRY_SCHEDULE_SECONDS[i]! * 0.9));
      expect(d).toBeLessThanOrEqual(Math.ceil(RETRY_SCHEDULE_SECONDS[i]! * 1.1));
    });
    expect(await received(ep.path)).toHaveLength(8);

    const dead = await deliveries(ep.id, '?status=dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ eventId: id, status: 'dead', attempts: 8 });
    expect(dead[0]!.attemptLog).toHaveLength(8);
    expect(dead[0]!.attemptLog[7]!.nextRetryAt).toBeNull();
    expect(await deliveries(ep.id, '?status=delivered')).toEqual([]);

    await script(ep.path, [], { status: 200 });
    const resend = await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/deliveries/${dead[0]!.id}/resend`, { method: 'POST' });
    expect(resend.status).toBe(202);
    await h.drain();
    const got = await received(ep.path);
    expect(got).toHaveLength(9);
    expect(got[8]!.headers['webhook-id']).toBe(id);
    verify(ep.secret, got[8]!);
    expect((await deliveries(ep.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/deliveries/whm_nope/resend`, { method: 'POST' })).status).toBe(404);
  });

  it('disables an endpoint whose every attempt failed for 5 days', async () => {
    const ep = await endpoint('failing');
    await h.db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 6 * 86_400_000) }).where(eq(webhookEndpoints.id, ep.id));
    await script(ep.path, [], { status: 500 });
    await enqueueEvents(h.env, [await insertDealEvent(h.db, 'deal.approved')]);
    expect(await h.drain()).toEqual([]);
    const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id));
    expect(row).toMatchObject({ enabled: false, disabledReason: 'Every delivery attempt failed for 5 days.' });
  });

  it('signs with both secrets during a rotation grace period, then only the new one', async () => {
    const ep = await endpoint('rotation');
    const rotated = (await (await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/rotate-secret`, { method: 'POST', json: {} })).json()) as { secret: string };
    await enqueueEvents(h.env, [await insertDealEvent(h.db, 'deal.extended')]);
    await h.drain();
    const [req] = await received(ep.path);
    expect(req!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(ep.secret, req!).type).toBe('deal.extended');
    expect(verify(rotated.secret, req!).type).toBe('deal.extended');

    const third = (await (await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/rotate-secret`, { method: 'POST', json: { graceHours: 0 } })).json()) as { secret: string };
    await enqueueEvents(h.env, [await insertDealEvent(h.db, 'deal.expired')]);
    await h.drain();
    const second = (await received(ep.path))[1]!;
    expect(second.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verify(third.secret, second).type).toBe('deal.expired');
    expect(() => verify(rotated.secret, second)).toThrow(/No matching signature/);
  });

  it('sends a webhook.test event to one endpoint on demand', async () => {
    const ep = await endpoint('ping');
    const other = await endpoint('other');
    const res = await h.request('admin', `/api/v1/webhook-endpoints/${ep.id}/test`, { method: 'POST' });
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    await h.drain();
    const [req] = await received(ep.path);
    expect(verify(ep.secret, req!)).toMatchObject({ type: 'webhook.test', data: { endpointId: ep.id } });
    expect(req!.headers['webhook-id']).toBe(eventId);
    expect(await received(other.path)).toEqual([]);
    // The cron sweep does not fan the test event out to the others.
    expect(await sweepOutbox(h.env)).toEqual({ events: 0, sent: 0, resent: 0 });
  });
});

describe('from a deal change to the CRM', () => {
  it('a manager approving a deal enqueues deal.approved after the commit, without the sweep', async () => {
    const ep = await endpoint('approve');
    const dealId = await seedDeal(h.db, { status: 'submitted' });
    const res = await h.request('manager', `/api/v1/deals/${dealId}/approve`, { method: 'POST', json: {} });
    expect(res.status).toBe(200);
    expect(h.queue.sentTotal).toHaveLength(1);
    await h.drain();
    const [req] = await received(ep.path);
    expect(verify(ep.secret, req!)).toMatchObject({
      type: 'deal.approved',
      data: { id: dealId, status: 'approved', partner: { id: 'prt_northwind' }, portalUrl: `${h.env.PORTAL_URL}/deals/${dealId}` },
    });
    expect(await sweepOutbox(h.env)).toEqual({ events: 0, sent: 0, resent: 0 });
  });
});

describe('nothing is lost', () => {
  it('delivers events whose worker died between commit and enqueue (the cron sweep)', async () => {
    const ep = await endpoint('crash');
    const id = await insertDealEvent(h.db, 'deal.approved');
    expect(await sweepOutbox(h.env)).toEqual({ events: 1, sent: 1, resent: 0 });
    await h.drain();
    expect((await received(ep.path)).map((r) => r.headers['webhook-id'])).toEqual([id]);
    expect(await sweepOutbox(h.env)).toEqual({ events: 0, sent: 0, resent: 0 });
  });

  it('re-sends a message the queue lost', async () => {
    const ep = await endpoint('lost');
    const id = await insertDealEvent(h.db, 'deal.won');
    await enqueueEvents(h.env, [id]);
    h.queue.waiting.length = 0;
    expect(await sweepOutbox(h.env)).toEqual({ events: 0, sent: 0, resent: 0 });
    expect(await sweepOutbox(h.env, new Date(Date.now() + 16 * 60_000))).toEqual({ events: 0, sent: 0, resent: 1 });
    await h.drain();
    expect((await received(ep.path)).map((r) => r.headers['webhook-id'])).toEqual([id]);
  });

  it('every (endpoint, event) pair arrives across crashes, failures, timeouts and lost messages', async () => {
    const eps = [await endpoint('z-ok'), await endpoint('z-flaky'), await endpoint('z-slow'), await endpoint('z-approvals', ['deal.approved'])];
    await script(eps[1]!.path, [{ status: 500 }, { status: 502 }, { status: 429 }]);
    await script(eps[2]!.path, [{ status: 200, delayMs: 2000 }]);
    const types = ['deal.registered', 'deal.approved', 'deal.won', 'deal.approved', 'deal.expiring', 'deal.lost'];
    const ids = [];
    for (const type of types) ids.push(await insertDealEvent(h.db, type, `dl_${ids.length}`));
    await enqueueEvents(h.env, ids.slice(0, 3)); // the rest: the worker "died" before enqueueing
    h.queue.waiting.splice(0, 2); // and the queue lost two messages
    await sweepOutbox(h.env);
    await h.drain();
    await sweepOutbox(h.env, new Date(Date.now() + 16 * 60_000));
    await h.drain();

    for (const ep of eps) {
      const expected = ep.path.includes('approvals') ? ids.filter((_, i) => types[i] === 'deal.approved') : ids;
      const got = await received(ep.path);
      for (const req of got) verify(ep.secret, req);
      expect(new Set(got.map((r) => r.headers['webhook-id'])), ep.path).toEqual(new Set(expected));
      const sent = await messages(ep.id);
      expect(sent).toHaveLength(expected.length);
      expect(new Set(sent.map((m) => m.status))).toEqual(new Set(['delivered']));
    }
  });
});
