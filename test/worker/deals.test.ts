import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { deals } from '../../db/schema/index.ts';
import { dealRecord, directDb } from './deal-decisions.helpers.ts';
import { dealBody } from './deals.helpers.ts';
import { freshDatabase, roundTrips, signIn, testApp, type Persona as Who, type TestApp } from './harness.ts';

let app: TestApp;
let db: Db;
let dbUrl: string;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  dbUrl = url;
  app = testApp(url);
  db = directDb(url);
});

let seq = 0;
const uniqueDomain = () => `cust${Date.now().toString(36)}${seq++}.com`;
/** Random letters: generated customer names must not look alike to the fuzzy matcher. */
const uniqueName = () => `${Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => String.fromCharCode(97 + (b % 26))).join('')} Trading`;

async function register(as: Who | null, over: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await app.request(as, '/api/v1/deals', { method: 'POST', json: dealBody({ customerDomain: uniqueDomain(), customerName: uniqueName(), ...over }), headers });
  return { res, body: (await res.json()) as Record<string, any> };
}

describe('POST /deals', () => {
  it('registers a deal in at most 2 round trips, with timeline, audit and outbox event', async () => {
    const { res, body } = await register('nick', {}, { 'x-request-id': 'register-1' });
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ status: 'submitted', estimatedValue: 125000.5, currency: 'GBP', conflict: false, expiresAt: null, partnerId: 'prt_northwind' });
    expect(body.id).toMatch(/^dl_/);
    expect(body.products).toEqual([{ id: 'prd_platform', name: 'Platform Enterprise', sku: 'PLT-ENT' }]);
    expect(res.headers.get('location')).toBe(`/api/v1/deals/${body.id}`);
    expect(await roundTrips('register-1')).toBeLessThanOrEqual(2);
    const record = await dealRecord(db, body.id);
    expect(record.deal.estimatedValueMinor).toBe(12_500_050);
    expect(record.timeline.map((t) => t.type)).toEqual(['deal.registered']);
    expect(record.audit.map((a) => a.action)).toEqual(['deal.registered']);
    expect(record.outbox[0]).toMatchObject({ type: 'deal.registered', partnerId: 'prt_northwind' });
    expect(record.outbox[0]!.data).toMatchObject({ id: body.id, partner: { id: 'prt_northwind', name: 'Northwind Reseller' } });
  });

  it('stores amounts exactly in minor units of the currency', async () => {
    const jpy = await register('nick', { estimatedValue: 1_500_000, currency: 'JPY' });
    expect(jpy.res.status).toBe(201);
    expect((await dealRecord(db, jpy.body.id)).deal.estimatedValueMinor).toBe(1_500_000);
    const bad = await register('nick', { estimatedValue: 10.5, currency: 'JPY' });
    expect(bad.res.status).toBe(422);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'estimatedValue' }));
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['customerName', { customerName: '' }],
    ['customerDomain', { customerDomain: 'localhost' }],
    ['customerDomain', { customerDomain: 'co.uk' }],
    ['contactName', { contactName: '   ' }],
    ['contactEmail', { contactEmail: 'not-an-email' }],
    ['country', { country: 'XX' }],
    ['country', { country: 'gbr' }],
    ['products', { products: [] }],
    ['products.0', { products: ['prd_nope'] }],
    ['products', { products: ['prd_platform', 'prd_platform'] }],
    ['estimatedValue', { estimatedValue: -1 }],
    ['estimatedValue', { estimatedValue: 10.001 }],
    ['estimatedValue', { estimatedValue: '100' }],
    ['currency', { currency: 'XYZ' }],
    ['expectedCloseDate', { expectedCloseDate: '2020-01-01' }],
    ['expectedCloseDate', { expectedCloseDate: '31/12/2030' }],
    ['notes', { notes: 'x'.repeat(5001) }],
    ['surprise', { surprise: true }],
  ];
  it.each(invalid)('rejects a bad %s with a field error', async (field, over) => {
    const { res, body } = await register('nick', over);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const fields = (body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toContain(field);
  });

  it('is for partner users only', async () => {
    expect((await register('manager')).res.status).toBe(403);
    expect((await register(null)).res.status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retry with the first result and creates nothing', async () => {
    const body = dealBody({ customerDomain: uniqueDomain() });
    const send = (b: unknown, id: string) =>
      app.request('nick', '/api/v1/deals', { method: 'POST', json: b, headers: { 'idempotency-key': 'key-123', 'x-request-id': id } });
    const first = await send(body, 'idem-1');
    const second = await send(body, 'idem-2');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as { id: string }, (await second.json()) as { id: string }];
    expect(b.id).toBe(a.id);
    expect(await roundTrips('idem-2')).toBe(1);
    const rows = await db.select().from(deals).where(eq(deals.registrableDomain, body.customerDomain));
    expect(rows).toHaveLength(1);
    const other = await send({ ...body, estimatedValue: 1 }, 'idem-3');
    expect(other.status).toBe(422);
    expect(((await other.json()) as { type: string }).type).toContain('idempotency-key-reused');
  });

  it('is per actor', async () => {
    const body = dealBody({ customerDomain: uniqueDomain() });
    const a = await app.request('nick', '/api/v1/deals', { method: 'POST', json: body, headers: { 'idempotency-key': 'shared' } });
    const b = await app.request('alice', '/api/v1/deals', { method: 'POST', json: body, headers: { 'idempotency-key': 'shared' } });
    expect(((await a.json()) as { id: string }).id).not.toBe(((await b.json()) as { id: string }).id);
  });
});

describe('conflicts', () => {
  it('flags another partner registering the same customer under any spelling of the domain', async () => {
    const first = await register('alice', { customerName: 'Globex Corporation', customerDomain: 'globex.co.uk' });
    expect(first.body.conflict).toBe(false);
    const second = await register('carol', { customerName: 'GLOBEX Ltd', customerDomain: 'https://www.Shop.Globex.co.uk/contact' });
    expect(second.res.status).toBe(201);
    expect(second.body.conflict).toBe(true);
    expect(second.body.registrableDomain).toBe('globex.co.uk');

    // Staff see both sides, with the other partner named.
    const staff = (await (await app.request('manager', `/api/v1/deals/${second.body.id}`)).json()) as Record<string, any>;
    expect(staff.conflicts).toEqual([
      expect.objectContaining({ dealId: first.body.id, partnerId: 'prt_northwind', partnerName: 'Northwind Reseller', reason: 'same_domain', score: 1, customerName: 'Globex Corporation', status: 'submitted', expiresAt: null, currency: 'GBP' }),
    ]);
    const otherSide = (await (await app.request('manager', `/api/v1/deals/${first.body.id}`)).json()) as Record<string, any>;
    expect(otherSide.conflicts).toEqual([expect.objectContaining({ dealId: second.body.id, partnerName: 'Contoso Integrators' })]);

    // The partner learns only that there is a conflict.
    const partnerRes = await app.request('carol', `/api/v1/deals/${second.body.id}`);
    const text = await partnerRes.text();
    expect(JSON.parse(text)).toMatchObject({ conflict: true });
    expect(JSON.parse(text).conflicts).toBeUndefined();
    expect(text).not.toContain('Northwind');
    expect(text).not.toContain('prt_northwind');
  });

  it('flags a very similar company name and same-partner duplicates', async () => {
    await register('alice', { customerName: 'Initech Software', customerDomain: 'initech-a.com' });
    const similar = await register('carol', { customerName: 'Initech Sofware GmbH', customerDomain: 'initech-b.de' });
    expect(similar.body.conflict).toBe(true);
    const dup = await register('nick', { customerName: 'Initech Software', customerDomain: 'initech-a.com' });
    expect(dup.body.conflict).toBe(true);
    const staff = (await (await app.request('manager', `/api/v1/deals/${dup.body.id}`)).json()) as Record<string, any>;
    expect(staff.conflicts.map((c: { reason: string }) => c.reason).sort()).toEqual(['duplicate', 'similar_name']);
  });

  it('flags existing customers pushed by the CRM', async () => {
    const put = await app.request('crm', '/api/v1/customers', { method: 'PUT', json: [{ name: 'Hooli', domain: 'hooli.com', crmId: 'CRM-1' }] });
    expect(await put.json()).toEqual({ created: 1, updated: 0 });
    const { body } = await register('carol', { customerName: 'Hooli XYZ', customerDomain: 'www.hooli.com' });
    expect(body.conflict).toBe(true);
    const staff = (await (await app.request('manager', `/api/v1/deals/${body.id}`)).json()) as Record<string, any>;
    expect(staff.conflicts).toEqual([expect.objectContaining({ reason: 'existing_customer', customerName: 'Hooli', partnerName: null })]);
  });
});

describe('GET /deals/precheck', () => {
  it('answers clear, protected or existing_customer in one round trip and never names the partner', async () => {
    const clear = await app.request('carol', `/api/v1/deals/precheck?domain=${uniqueDomain()}`, { headers: { 'x-request-id': 'precheck-1' } });
    expect(await clear.json()).toEqual({ result: 'clear' });
    expect(await roundTrips('precheck-1')).toBe(1);

    await register('alice', { customerName: 'Vandelay Industries', customerDomain: 'vandelay.io' });
    const prot = await app.request('carol', '/api/v1/deals/precheck?domain=https://WWW.vandelay.io/&company=Vandelay');
    const text = await prot.text();
    expect(JSON.parse(text)).toEqual({ result: 'protected' });
    expect(text).not.toMatch(/northwind/i);

    const byName = await app.request('carol', `/api/v1/deals/precheck?company=${encodeURIComponent('Vandelay Industries, Inc.')}`);
    expect(await byName.json()).toEqual({ result: 'protected' });

    await app.request('manager', '/api/v1/customers', { method: 'PUT', json: [{ name: 'Stark Industries', domain: 'stark.com' }] });
    expect(await (await app.request('carol', '/api/v1/deals/precheck?domain=stark.com')).json()).toEqual({ result: 'existing_customer' });
  });

  it('rejects missing or invalid input with 400', async () => {
    expect((await app.request('carol', '/api/v1/deals/precheck')).status).toBe(400);
    expect((await app.request('carol', '/api/v1/deals/precheck?domain=localhost')).status).toBe(400);
  });
});

describe('visibility', () => {
  it('reps see their own deals, partner admins their company’s, other partners nothing', async () => {
    const nicks = await register('nick');
    const alices = await register('alice');
    const carols = await register('carol');
    const list = async (who: Who) => ((await (await app.request(who, '/api/v1/deals?limit=100')).json()) as { items: { id: string; partnerId: string }[] }).items;
    const nickIds = (await list('nick')).map((d) => d.id);
    expect(nickIds).toContain(nicks.body.id);
    expect(nickIds).not.toContain(alices.body.id);
    const aliceIds = (await list('alice')).map((d) => d.id);
    expect(aliceIds).toEqual(expect.arrayContaining([nicks.body.id, alices.body.id]));
    expect(new Set((await list('alice')).map((d) => d.partnerId))).toEqual(new Set(['prt_northwind']));
    expect((await list('carol')).map((d) => d.id)).not.toContain(nicks.body.id);

    expect((await app.request('carol', `/api/v1/deals/${nicks.body.id}`)).status).toBe(404);
    expect((await app.request('nick', `/api/v1/deals/${alices.body.id}`)).status).toBe(404);
    expect((await app.request('alice', `/api/v1/deals/${nicks.body.id}`)).status).toBe(200);
    expect((await app.request('nick', `/api/v1/deals/${alices.body.id}/withdraw`, { method: 'POST', json: {} })).status).toBe(404);
    expect((await app.request('carol', `/api/v1/deals/${nicks.body.id}/withdraw`, { method: 'POST', json: {} })).status).toBe(404);
    const staff = (await (await app.request('manager', `/api/v1/deals?partnerId=prt_contoso&limit=100`)).json()) as { items: { id: string }[] };
    expect(staff.items.map((d) => d.id)).toContain(carols.body.id);
    expect(staff.items.map((d) => d.id)).not.toContain(nicks.body.id);
  });

  it('lists and gets in one round trip each', async () => {
    const { body } = await register('nick');
    await app.request('nick', '/api/v1/deals?sort=value', { headers: { 'x-request-id': 'list-1' } });
    expect(await roundTrips('list-1')).toBe(1);
    await app.request('manager', `/api/v1/deals/${body.id}`, { headers: { 'x-request-id': 'get-1' } });
    expect(await roundTrips('get-1')).toBe(1);
  });
});

describe('pagination and filters', () => {
  it('walks every deal exactly once with each sort', async () => {
    for (const sort of ['newest', 'oldest', 'value', 'closeDate']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await app.request('manager', `/api/v1/deals?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = await db.select({ id: deals.id }).from(deals);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(all.length);
    }
  });

  it('filters by status, q, conflict and updatedSince; refuses foreign cursors', async () => {
    const { body } = await register('nick', { customerName: 'Zyxwv Unique Name' });
    const q = (await (await app.request('nick', '/api/v1/deals?q=zyxwv')).json()) as { items: { id: string }[] };
    expect(q.items.map((d) => d.id)).toEqual([body.id]);
    expect((await app.request('nick', `/api/v1/deals/${body.id}/withdraw`, { method: 'POST', json: {} })).status).toBe(200);
    const withdrawn = (await (await app.request('alice', '/api/v1/deals?status=withdrawn&limit=100')).json()) as { items: { id: string; status: string }[] };
    expect(withdrawn.items.map((d) => d.id)).toContain(body.id);
    expect(new Set(withdrawn.items.map((d) => d.status))).toEqual(new Set(['withdrawn']));
    const conflicted = (await (await app.request('crm', '/api/v1/deals?conflict=true&limit=100')).json()) as { items: { conflict: boolean }[] };
    expect(new Set(conflicted.items.map((d) => d.conflict))).toEqual(new Set([true]));
    const since = new Date(Date.now() - 60_000).toISOString();
    const sync = (await (await app.request('crm', `/api/v1/deals?updatedSince=${since}&limit=100`)).json()) as { items: { updatedAt: string }[] };
    expect(sync.items.length).toBeGreaterThan(0);
    const times = sync.items.map((d) => d.updatedAt);
    expect([...times].sort()).toEqual(times);
    expect((await app.request('nick', '/api/v1/deals?cursor=garbage')).status).toBe(400);
  });
});

describe('partner actions', () => {
  it('withdraws with a timeline entry, audit entry and outbox event', async () => {
    const { body } = await register('nick');
    const res = await app.request('nick', `/api/v1/deals/${body.id}/withdraw`, { method: 'POST', json: { reason: 'Customer chose to wait' }, headers: { 'x-request-id': 'withdraw-1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: body.id, status: 'withdrawn' });
    expect(await roundTrips('withdraw-1')).toBeLessThanOrEqual(2);
    const record = await dealRecord(db, body.id);
    expect(record.timeline.map((t) => [t.type, t.reason])).toEqual([['deal.registered', null], ['deal.withdrawn', 'Customer chose to wait']]);
    expect(record.audit.map((a) => a.action)).toEqual(['deal.registered', 'deal.withdrawn']);
    expect(record.outbox.map((e) => e.type)).toEqual(['deal.registered', 'deal.withdrawn']);
    expect(record.outbox[1]!.data).toMatchObject({ status: 'withdrawn', partner: { name: 'Northwind Reseller' } });
    const again = await app.request('nick', `/api/v1/deals/${body.id}/withdraw`, { method: 'POST', json: {} });
    expect(again.status).toBe(409);
  });

  it('asks for an extension only on approved deals', async () => {
    const { body } = await register('alice');
    const early = await app.request('alice', `/api/v1/deals/${body.id}/extension-request`, { method: 'POST', json: { reason: 'Procurement slipped' } });
    expect(early.status).toBe(409);
    const now = new Date();
    await db.update(deals).set({ status: 'approved', approvedAt: now, expiresAt: new Date(now.getTime() + 5 * 86_400_000) }).where(eq(deals.id, body.id));
    const res = await app.request('alice', `/api/v1/deals/${body.id}/extension-request`, { method: 'POST', json: { reason: 'Procurement slipped' } });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Record<string, unknown>;
    expect(after).toMatchObject({ status: 'approved' });
    expect(after.extensionRequestedAt).toBeTypeOf('string');
    const record = await dealRecord(db, body.id);
    expect(record.outbox.map((e) => e.type)).toContain('deal.extension_requested');
    expect((await app.request('alice', `/api/v1/deals/${body.id}/extension-request`, { method: 'POST', json: {} })).status).toBe(422);
  });

  it('resubmits after an information request, updating fields and re-evaluating conflicts', async () => {
    await register('carol', { customerName: 'Soylent Foods', customerDomain: 'soylent.com' });
    const { body } = await register('nick');
    await db.update(deals).set({ status: 'info_requested' }).where(eq(deals.id, body.id));
    const res = await app.request('nick', `/api/v1/deals/${body.id}/resubmit`, {
      method: 'POST',
      json: { message: 'Corrected the domain and value', customerDomain: 'https://soylent.com', estimatedValue: 99.99, products: ['prd_analytics', 'prd_support'] },
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Record<string, any>;
    expect(after).toMatchObject({ status: 'resubmitted', registrableDomain: 'soylent.com', estimatedValue: 99.99, conflict: true });
    expect(after.products.map((p: { id: string }) => p.id)).toEqual(['prd_analytics', 'prd_support']);
    const detail = (await (await app.request('nick', `/api/v1/deals/${body.id}`)).json()) as Record<string, any>;
    expect(detail.products.map((p: { id: string }) => p.id).sort()).toEqual(['prd_analytics', 'prd_support']);
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'deal.resubmitted', reason: 'Corrected the domain and value', actorName: 'Nick Northwind' });
    const staff = (await (await app.request('manager', `/api/v1/deals/${body.id}`)).json()) as Record<string, any>;
    expect(staff.conflicts).toEqual([expect.objectContaining({ reason: 'same_domain', partnerName: 'Contoso Integrators' })]);
    // Not in info_requested any more.
    const twice = await app.request('nick', `/api/v1/deals/${body.id}/resubmit`, { method: 'POST', json: { message: 'again' } });
    expect(twice.status).toBe(409);
  });
});

describe('through the production app with a real session', () => {
  it('keeps the budgets with the session check included: register 2, precheck/list/get 1', async () => {
    const real = testApp(dbUrl);
    const nick = await signIn(real, 'nick@northwind.example');
    const carol = await signIn(real, 'carol@contoso.example');
    const res = await real.request('/api/v1/deals', { method: 'POST', json: dealBody({ customerDomain: uniqueDomain() }), headers: { ...nick, 'x-request-id': 'real-register' } });
    expect(res.status).toBe(201);
    const deal = (await res.json()) as { id: string; customerDomain: string };
    expect(await roundTrips('real-register')).toBe(2);
    const pre = await real.request(`/api/v1/deals/precheck?domain=${deal.customerDomain}`, { headers: { ...carol, 'x-request-id': 'real-precheck' } });
    expect(await pre.json()).toEqual({ result: 'protected' });
    expect(await roundTrips('real-precheck')).toBe(1);
    expect((await real.request('/api/v1/deals', { headers: { ...nick, 'x-request-id': 'real-list' } })).status).toBe(200);
    expect(await roundTrips('real-list')).toBe(1);
    expect((await real.request(`/api/v1/deals/${deal.id}`, { headers: { ...nick, 'x-request-id': 'real-get' } })).status).toBe(200);
    expect(await roundTrips('real-get')).toBe(1);
    expect((await real.request(`/api/v1/deals/${deal.id}`, { headers: carol })).status).toBe(404);
    expect((await real.request('/api/v1/deals')).status).toBe(401);
  });

  it('documents the deal routes with their access in the OpenAPI document', async () => {
    const doc = (await (await testApp(dbUrl).request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/api/v1/deals']!.post!['x-access']).toEqual({ permission: 'deals:register', tenant: null });
    expect(doc.paths['/api/v1/deals/{id}/withdraw']!.post!['x-access']).toEqual({ permission: 'deals:register', tenant: 'deal' });
    expect(doc.paths['/api/v1/deals/precheck']!.get).toBeDefined();
    expect(doc.paths['/api/v1/customers/import']!.post).toBeDefined();
    expect(doc.components.schemas.DealInput).toBeDefined();
  });
});

describe('conflict comparison for staff', () => {
  it("shows until when the other partner's approved registration protects the customer", async () => {
    // Demo seed: Contoso registered Woodgrove Bank, which Northwind holds (approved).
    const list = (await (await app.request('manager', '/api/v1/deals?q=Woodgrove&partnerId=prt_contoso')).json()) as { items: { id: string }[] };
    const contosoDeal = list.items[0]!;
    const detail = (await (await app.request('manager', `/api/v1/deals/${contosoDeal.id}`)).json()) as { conflicts: { partnerName: string; status: string; expiresAt: string | null }[] };
    const northwind = detail.conflicts.find((c) => c.partnerName === 'Northwind Reseller')!;
    expect(northwind.status).toBe('approved');
    expect(new Date(northwind.expiresAt!).getTime()).toBeGreaterThan(Date.now());
  });
});
