import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { DAY, dealRecord, directDb, seedDeal } from './deal-decisions.helpers.ts';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';

/**
 * The manager side through the real worker: real sessions and real integration tokens, so
 * the round-trip counts include the credential check riding on each request's first batch.
 */
let app: TestApp;
let db: Db;
let manager: Record<string, string>;
const tokens: Record<'writer' | 'reader', string> = { writer: '', reader: '' };

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const id = `e2e-${crypto.randomUUID()}`;
  const headers = new Headers(init.headers);
  headers.set('x-request-id', id);
  const res = await app.request(path, { ...init, headers });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: (text ? JSON.parse(text) : null) as any, requestId: id };
}

beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
  manager = await signIn(app, 'manager@vendor.example');
  const admin = await signIn(app, 'admin@vendor.example');
  for (const [kind, scopes] of [
    ['writer', ['deals:read', 'deals:write']],
    ['reader', ['deals:read']],
  ] as const) {
    const res = await call('/api/v1/tokens', { method: 'POST', headers: admin, json: { name: `CRM ${kind}`, scopes } });
    expect(res.status).toBe(201);
    tokens[kind] = res.body.secret;
    // First use refreshes last_used_at after the response (waitUntil, at most every few
    // minutes): not part of a request's budget, so keep it out of the counted requests.
    expect((await call('/api/v1/deals?limit=1', { headers: { authorization: `Bearer ${res.body.secret}` } })).status).toBe(200);
  }
});

const bearer = (kind: 'writer' | 'reader') => ({ authorization: `Bearer ${tokens[kind]}` });

describe('through the worker', () => {
  it('a manager session reads the queue in 1 round trip and approves in 2', async () => {
    const id = await seedDeal(db);
    const queue = await call('/api/v1/deals/queue?limit=100', { headers: manager });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(await roundTrips(queue.requestId)).toBe(1);

    const approved = await call(`/api/v1/deals/${id}/approve`, { method: 'POST', headers: manager, json: { reason: 'ok' } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(await roundTrips(approved.requestId)).toBe(2);
  });

  it('a deals:write token marks won in 2 round trips; a token without the scope gets 403', async () => {
    const id = await seedDeal(db, { status: 'approved', expiresAt: new Date(Date.now() + 30 * DAY) });
    const denied = await call(`/api/v1/deals/${id}`, { method: 'PATCH', headers: bearer('reader'), json: { stage: 'won', wonAmount: 10, closeDate: '2026-11-20' } });
    expect(denied.status).toBe(403);
    expect(denied.contentType).toBe('application/problem+json');

    const won = await call(`/api/v1/deals/${id}`, { method: 'PATCH', headers: bearer('writer'), json: { stage: 'won', wonAmount: 4321.09, closeDate: '2026-11-20', crmId: 'OPP-9' } });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: 'won', wonAmount: 4321.09, crmId: 'OPP-9' });
    expect(await roundTrips(won.requestId)).toBe(2);
    const { deal, outbox, timeline } = await dealRecord(db, id);
    expect(deal.wonAmountMinor).toBe(432_109);
    expect(outbox.map((e) => e.type)).toEqual(['deal.won']);
    expect(timeline[0]).toMatchObject({ actorType: 'token', type: 'deal.won' });
  });

  it('a revoked or made-up token is refused before anything is written', async () => {
    const id = await seedDeal(db, { status: 'approved', expiresAt: new Date(Date.now() + 30 * DAY) });
    const admin = await signIn(app, 'admin@vendor.example');
    const created = await call('/api/v1/tokens', { method: 'POST', headers: admin, json: { name: 'CRM soon revoked', scopes: ['deals:read', 'deals:write'] } });
    expect(created.status).toBe(201);
    const revoked = { authorization: `Bearer ${created.body.secret}` };
    // It works before the revocation, so the 401 below is the revocation's doing.
    expect((await call(`/api/v1/deals/${id}`, { headers: revoked })).status).toBe(200);
    expect((await call(`/api/v1/tokens/${created.body.token.id}`, { method: 'DELETE', headers: admin })).status).toBe(200);

    for (const headers of [revoked, { authorization: 'Bearer not-a-token' }]) {
      const res = await call(`/api/v1/deals/${id}`, { method: 'PATCH', headers, json: { crmId: 'X' } });
      expect(res.status).toBe(401);
      expect(res.contentType).toBe('application/problem+json');
    }
    expect((await dealRecord(db, id)).deal.crmId).toBeNull();
  });
});
