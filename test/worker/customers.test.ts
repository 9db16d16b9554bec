import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

const csv = (text: string, query = '') =>
  app.request('manager', `/api/v1/customers/import${query}`, { method: 'POST', body: text, headers: { 'content-type': 'text/csv' } });

describe('customers', () => {
  it('upserts by CRM id, then registrable domain, in 2 round trips', async () => {
    const first = await app.request('crm', '/api/v1/customers', { method: 'PUT', json: [{ name: 'Acme', domain: 'https://www.acme.com', crmId: 'A-1' }, { name: 'Beta', domain: 'beta.io' }] });
    expect(await first.json()).toEqual({ created: 2, updated: 0 });
    const second = await app.request('crm', '/api/v1/customers', {
      method: 'PUT',
      json: [{ name: 'Acme Corp', crmId: 'A-1' }, { name: 'Beta GmbH', domain: 'shop.beta.io' }],
      headers: { 'x-request-id': 'cust-upsert' },
    });
    expect(await second.json()).toEqual({ created: 0, updated: 2 });
    expect(await roundTrips('cust-upsert')).toBe(2);
    const list = (await (await app.request('manager', '/api/v1/customers?q=Acme')).json()) as { items: Record<string, unknown>[] };
    expect(list.items).toEqual([expect.objectContaining({ name: 'Acme Corp', registrableDomain: 'acme.com', crmId: 'A-1', source: 'crm' })]);
  });

  it('needs customers:write', async () => {
    expect((await app.request('alice', '/api/v1/customers', { method: 'PUT', json: [{ name: 'X' }] })).status).toBe(403);
    expect((await app.request('nick', '/api/v1/customers')).status).toBe(403);
  });

  it('rejects duplicates and bad domains in one upload', async () => {
    const res = await app.request('manager', '/api/v1/customers', { method: 'PUT', json: [{ name: 'A', domain: 'dup.com' }, { name: 'B', domain: 'www.dup.com' }] });
    expect(res.status).toBe(422);
    const bad = await app.request('manager', '/api/v1/customers', { method: 'PUT', json: [{ name: 'A', domain: 'localhost' }] });
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('0.domain');
  });

  it('imports CSV all-or-nothing, reporting line numbers', async () => {
    const text = 'name,domain,crmId\nGamma Ltd,gamma.com,G-1\n,nodomain.com,\nDelta,localhost,D-1\n';
    const res = await csv(text);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(['3.name', '4.domain']);
    expect(body.errors[0]!.message).toContain('Line 3');
    const none = (await (await app.request('manager', '/api/v1/customers?q=Gamma')).json()) as { items: unknown[] };
    expect(none.items).toHaveLength(0);

    const skipped = await csv(text, '?skipInvalid=true');
    expect(skipped.status).toBe(200);
    expect(await skipped.json()).toMatchObject({ created: 1, updated: 0, skipped: [{ line: 3, field: 'name' }, { line: 4, field: 'domain' }] });
  });

  it('accepts multipart uploads and quoted fields', async () => {
    const form = new FormData();
    form.set('file', new File(['Name,Website\n"Epsilon, Inc.",epsilon.org\n'], 'customers.csv', { type: 'text/csv' }));
    const res = await app.request('manager', '/api/v1/customers/import', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: 1, updated: 0 });
  });

  it('refuses files without a name column and other media types', async () => {
    expect((await csv('domain\nx.com\n')).status).toBe(422);
    const res = await app.request('manager', '/api/v1/customers/import', { method: 'POST', json: [] });
    expect(res.status).toBe(415);
  });
});

describe('products', () => {
  it('lets managers maintain the catalog and partners read active products', async () => {
    const created = await app.request('manager', '/api/v1/products', { method: 'POST', json: { name: 'Edge Gateway', sku: 'EDG-GW' } });
    expect(created.status).toBe(201);
    const product = (await created.json()) as { id: string };
    expect((await app.request('manager', '/api/v1/products', { method: 'POST', json: { name: 'Dup', sku: 'EDG-GW' } })).status).toBe(409);
    expect((await app.request('alice', '/api/v1/products', { method: 'POST', json: { name: 'X', sku: 'X' } })).status).toBe(403);
    const retired = await app.request('manager', `/api/v1/products/${product.id}`, { method: 'PATCH', json: { active: false } });
    expect(await retired.json()).toMatchObject({ active: false });
    const partnerView = (await (await app.request('nick', '/api/v1/products')).json()) as { items: { id: string }[] };
    expect(partnerView.items.map((p) => p.id)).not.toContain(product.id);
    expect(partnerView.items.map((p) => p.id)).toContain('prd_platform');
    expect((await app.request('manager', '/api/v1/products/prd_nope', { method: 'PATCH', json: { name: 'x' } })).status).toBe(404);
    expect((await app.request('manager', `/api/v1/products/${product.id}`, { method: 'PATCH', json: {} })).status).toBe(422);
  });
});
