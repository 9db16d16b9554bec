import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testApp, type TestApp } from './harness.ts';
import { received, receiverPath, receiverUrl } from './webhooks.helpers.ts';

/**
 * partner.* events come from the registry (worker/resources/partners/events.ts): they can be
 * subscribed to, and they reach the queue right after the change commits (emitEvent +
 * enqueueEmitted), not minutes later from the cron sweep, which this test never runs.
 */

let h: TestApp;
beforeEach(async () => {
  h = testApp(await freshDatabase('demo'));
});

async function subscribe(name: string, events: string[]) {
  const path = receiverPath(name);
  const res = await h.request('admin', '/api/v1/webhook-endpoints', { method: 'POST', json: { url: receiverUrl(path), events } });
  expect(res.status, await res.clone().text()).toBe(201);
  return { ...((await res.json()) as { id: string; secret: string; events: string[] }), path };
}

describe('partner events', () => {
  it('partner.created and partner.updated can be subscribed to', async () => {
    const endpoint = await subscribe('partner-subscribe', ['partner.created', 'partner.updated']);
    expect(endpoint.events).toEqual(['partner.created', 'partner.updated']);
  });

  it('creating and updating a partner enqueues partner.created / partner.updated right after commit', async () => {
    const endpoint = await subscribe('partner-events', ['partner.created', 'partner.updated']);
    const created = await h.request('manager', '/api/v1/partners', { method: 'POST', json: { name: 'Škoda Resellers', type: 'isv', region: 'EMEA' } });
    expect(created.status).toBe(201);
    const partner = (await created.json()) as { id: string };
    const updated = await h.request('manager', `/api/v1/partners/${partner.id}`, { method: 'PATCH', json: { region: 'APAC' } });
    expect(updated.status, await updated.clone().text()).toBe(200);

    // Both handed to the queue by the requests themselves (no sweep has run).
    expect(h.queue.sentTotal).toHaveLength(2);
    await h.drain();

    const deliveries = await received(endpoint.path);
    const payloads = deliveries.map((d) => new Webhook(endpoint.secret).verify(d.body, d.headers) as { type: string; data: { partner: { id: string; region: string } } });
    expect(payloads.map((p) => p.type)).toEqual(['partner.created', 'partner.updated']);
    expect(payloads.map((p) => p.data.partner.id)).toEqual([partner.id, partner.id]);
    expect(payloads[1]!.data.partner.region).toBe('APAC');
  });

  it('a failed change enqueues nothing', async () => {
    await subscribe('partner-none', ['partner.created']);
    const dup = await h.request('manager', '/api/v1/partners', { method: 'POST', json: { name: 'Northwind Reseller', type: 'oem', region: 'NA' } });
    expect(dup.status).toBe(409);
    expect(h.queue.sentTotal).toHaveLength(0);
  });
});
