import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, webhookEndpoints } from '../../db/schema/index.ts';
import { DEAL_EVENT_TYPES } from '../../worker/domain/deal-lifecycle.ts';
import { freshDatabase, roundTrips, testApp, type Persona as Who, type TestApp } from './harness.ts';
import { receiverPath, receiverUrl } from './webhooks.helpers.ts';

let dbUrl: string;
let h: TestApp;
beforeAll(async () => {
  dbUrl = await freshDatabase('demo');
  h = testApp(dbUrl);
});

interface EndpointJson {
  id: string;
  url: string;
  events: string[] | null;
  enabled: boolean;
  description: string | null;
  disabledReason: string | null;
  secret?: string;
}

async function create(body: Record<string, unknown>, as: Who = 'admin') {
  return h.request(as, '/api/v1/webhook-endpoints', { method: 'POST', json: body });
}

describe('webhook endpoints: admins only', () => {
  it.each(['manager', 'alice', 'nick'] as const)('answers 403 to %s on every route', async (who) => {
    const created = (await (await create({ url: receiverUrl(receiverPath('acl')) })).json()) as EndpointJson;
    const paths: [string, string][] = [
      ['GET', '/api/v1/webhook-endpoints'],
      ['POST', '/api/v1/webhook-endpoints'],
      ['GET', `/api/v1/webhook-endpoints/${created.id}`],
      ['PATCH', `/api/v1/webhook-endpoints/${created.id}`],
      ['DELETE', `/api/v1/webhook-endpoints/${created.id}`],
      ['POST', `/api/v1/webhook-endpoints/${created.id}/rotate-secret`],
      ['GET', `/api/v1/webhook-endpoints/${created.id}/secret`],
      ['GET', `/api/v1/webhook-endpoints/${created.id}/deliveries`],
      ['POST', `/api/v1/webhook-endpoints/${created.id}/deliveries/whm_x/resend`],
      ['POST', `/api/v1/webhook-endpoints/${created.id}/recover`],
      ['POST', `/api/v1/webhook-endpoints/${created.id}/test`],
    ];
    for (const [method, path] of paths) {
      const res = await h.request(who, path, { method, json: method === 'GET' || method === 'DELETE' ? undefined : { url: 'https://x.example.com' } });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('answers 401 without a session', async () => {
    expect((await h.request(null, '/api/v1/webhook-endpoints')).status).toBe(401);
  });
});

describe('webhook endpoints: create, read, change, delete', () => {
  it('creates an endpoint with a Standard Webhooks secret stored only encrypted, in one round trip', async () => {
    const url = receiverUrl(receiverPath('create'));
    const res = await create({ url, events: ['deal.approved', 'deal.won'], description: 'Salesforce via middleware' }, 'admin');
    expect(res.status).toBe(201);
    const body = (await res.json()) as EndpointJson;
    expect(body).toMatchObject({ url, events: ['deal.approved', 'deal.won'], enabled: true, description: 'Salesforce via middleware' });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(body.secret!.slice(6))).toHaveLength(32);
    expect(res.headers.get('location')).toBe(`/api/v1/webhook-endpoints/${body.id}`);

    const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, body.id));
    expect(JSON.stringify(row)).not.toContain(body.secret!.slice(6));
    expect(row!.secretKeyId).toMatch(/^[0-9a-f]{16}$/);

    const reveal = await h.request('admin', `/api/v1/webhook-endpoints/${body.id}/secret`, { headers: { 'x-request-id': `reveal-${body.id}` } });
    expect(reveal.status).toBe(200);
    expect(((await reveal.json()) as { secret: string }).secret).toBe(body.secret);
    expect(await roundTrips(`reveal-${body.id}`)).toBe(1);
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.objectId, body.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['webhook_endpoint.created', 'webhook_endpoint.secret_revealed']);

    await create({ url }, 'admin');
    const rt = await h.request('admin', '/api/v1/webhook-endpoints', { method: 'POST', json: { url }, headers: { 'x-request-id': `create-rt-${body.id}` } });
    expect(rt.status).toBe(201);
    expect(await roundTrips(`create-rt-${body.id}`)).toBe(1);
  });

  it('refuses unknown event types and unknown fields with field errors', async () => {
    const res = await create({ url: receiverUrl('/r/x'), events: ['deal.approved', 'deal.exploded'], colour: 'red' });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['colour', 'events.1']);
  });

  it('changes url, description, events and enabled; lists with a cursor; deletes', async () => {
    const a = (await (await create({ url: receiverUrl(receiverPath('a')) })).json()) as EndpointJson;
    const b = (await (await create({ url: receiverUrl(receiverPath('b')) })).json()) as EndpointJson;

    const patched = await h.request('admin', `/api/v1/webhook-endpoints/${a.id}`, {
      method: 'PATCH',
      json: { description: 'HubSpot', events: ['deal.registered'], enabled: false },
      headers: { 'x-request-id': `patch-${a.id}` },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ description: 'HubSpot', events: ['deal.registered'], enabled: false, disabledReason: 'Disabled by an admin.' });
    expect(await roundTrips(`patch-${a.id}`)).toBe(2);

    const enabled = (await (await h.request('admin', `/api/v1/webhook-endpoints/${a.id}`, { method: 'PATCH', json: { enabled: true, events: null } })).json()) as EndpointJson;
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, events: null });

    const page1 = await h.request('admin', '/api/v1/webhook-endpoints?limit=1', { headers: { 'x-request-id': `list-${a.id}` } });
    const p1 = (await page1.json()) as { items: EndpointJson[]; nextCursor: string | null };
    expect(p1.items.map((i) => i.id)).toEqual([b.id]);
    expect(p1.items[0]).not.toHaveProperty('secret');
    expect(await roundTrips(`list-${a.id}`)).toBe(1);
    const p2 = (await (await h.request('admin', `/api/v1/webhook-endpoints?limit=1&cursor=${p1.nextCursor}`)).json()) as { items: EndpointJson[] };
    expect(p2.items.map((i) => i.id)).toEqual([a.id]);
    expect((await h.request('admin', '/api/v1/webhook-endpoints?cursor=garbage')).status).toBe(400);

    expect((await h.request('admin', `/api/v1/webhook-endpoints/${b.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.request('admin', `/api/v1/webhook-endpoints/${b.id}`)).status).toBe(404);
    expect((await h.request('admin', `/api/v1/webhook-endpoints/${b.id}`, { method: 'PATCH', json: { description: 'x' } })).status).toBe(404);
    expect((await h.request('admin', '/api/v1/webhook-endpoints/whe_nope/deliveries')).status).toBe(404);
  });

  it('rotates the secret, keeping the old one for the grace period', async () => {
    const a = (await (await create({ url: receiverUrl(receiverPath('rot')) })).json()) as EndpointJson;
    const res = await h.request('admin', `/api/v1/webhook-endpoints/${a.id}/rotate-secret`, { method: 'POST', json: { graceHours: 2 } });
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as { secret: string; previousSecretExpiresAt: string };
    expect(rotated.secret).not.toBe(a.secret);
    const hours = (Date.parse(rotated.previousSecretExpiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    const reveal = (await (await h.request('admin', `/api/v1/webhook-endpoints/${a.id}/secret`)).json()) as { secret: string };
    expect(reveal.secret).toBe(rotated.secret);
    // Without a body: the default 24 h.
    const again = (await (await h.request('admin', `/api/v1/webhook-endpoints/${a.id}/rotate-secret`, { method: 'POST' })).json()) as { previousSecretExpiresAt: string };
    expect(Math.round((Date.parse(again.previousSecretExpiresAt) - Date.now()) / 3_600_000)).toBe(24);
    expect((await h.request('admin', `/api/v1/webhook-endpoints/${a.id}/rotate-secret`, { method: 'POST', json: { graceHours: 1000 } })).status).toBe(422);
  });
});

describe('webhook endpoints: SSRF guard at save time', () => {
  const prod = () => testApp(dbUrl, { APP_ENV: 'production' });

  it.each([
    'http://crm.example.com/hook',
    'https://127.0.0.1/hook',
    'https://10.1.2.3/hook',
    'https://192.168.0.10/hook',
    'https://172.16.5.4/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.7/hook',
    'https://[::1]/hook',
    'https://[fd00::1]/hook',
    'https://[fe80::1]/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://localhost/hook',
    'https://crm.internal/hook',
    'not a url',
  ])('refuses %s in production with a field error', async (url) => {
    const res = await prod().request('admin', '/api/v1/webhook-endpoints', { method: 'POST', json: { url } });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors[0]).toMatchObject({ field: 'url' });
  });

  it('refuses the same on PATCH, and accepts allow-listed hosts', async () => {
    const a = (await (await create({ url: receiverUrl(receiverPath('ssrf')) })).json()) as EndpointJson;
    const res = await h.request('admin', `/api/v1/webhook-endpoints/${a.id}`, { method: 'PATCH', json: { url: 'https://10.0.0.1/x' } });
    expect(res.status).toBe(422);
    const allowed = testApp(dbUrl, { APP_ENV: 'production', WEBHOOK_ALLOW_HOSTS: 'crm.internal' });
    expect((await allowed.request('admin', '/api/v1/webhook-endpoints', { method: 'POST', json: { url: 'https://crm.internal/hook' } })).status).toBe(201);
  });

  it('accepts http://127.0.0.1 and localhost in test and development', async () => {
    expect((await create({ url: 'http://127.0.0.1:9999/hook' })).status).toBe(201);
    expect((await create({ url: 'http://localhost:9999/hook' })).status).toBe(201);
  });
});

describe('OpenAPI', () => {
  it('describes every event type in the webhooks section and the endpoints as admin-only', async () => {
    const doc = (await (await testApp(dbUrl).request('/api/v1/openapi.json')).json()) as {
      webhooks: Record<string, { post: { requestBody: unknown } }>;
      paths: Record<string, Record<string, { 'x-access': { permission: string } }>>;
    };
    for (const type of [...DEAL_EVENT_TYPES, 'webhook.test']) expect(doc.webhooks[type]?.post.requestBody, type).toBeDefined();
    expect(doc.paths['/api/v1/webhook-endpoints']?.post?.['x-access'].permission).toBe('webhooks:manage');
    expect(doc.paths['/api/v1/webhook-endpoints/{id}/deliveries/{messageId}/resend']).toBeDefined();
  });
});
