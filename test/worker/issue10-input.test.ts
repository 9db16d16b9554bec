import { beforeAll, describe, expect, it } from 'vitest';
import { dealBody } from './deals.helpers.ts';
import { testApp, type TestApp as DealsApp } from './harness.ts';
import { freshDatabase } from './harness.ts';

let app: DealsApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

const register = async (over: Record<string, unknown>) => {
  const res = await app.request('nick', '/api/v1/deals', { method: 'POST', json: dealBody({ customerDomain: `input${crypto.randomUUID().slice(0, 8)}.com`, ...over }) });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> };
};

describe('control characters', () => {
  it('a NUL in a text field is refused with 422 and a field error, nothing stored', async () => {
    const res = await register({ customerName: 'Nul\u0000Byte' });
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'customerName', message: expect.any(String), code: 'control_characters' }]);
    const list = await app.request('nick', '/api/v1/deals?q=nul&limit=100');
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses them in any field and route (nested, other resources), keeps tabs and newlines', async () => {
    expect((await register({ notes: 'bell\u0007' })).body.errors[0].field).toBe('notes');
    expect((await register({ contactTitle: 'esc\u001b[31m' })).body.errors[0].field).toBe('contactTitle');
    const product = await app.request('manager', '/api/v1/products', { method: 'POST', json: { name: 'Bad\u0000Name', sku: 'BAD-1' } });
    expect(product.status).toBe(422);
    expect(((await product.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['name']);
    const ok = await register({ notes: 'Line one\nLine two\tindented\r\nthree' });
    expect(ok.status).toBe(201);
    expect(ok.body.notes).toBe('Line one\nLine two\tindented\r\nthree');
  });

  it('in a query string: 400 with the parameter named', async () => {
    const res = await app.request('manager', `/api/v1/deals?q=${encodeURIComponent('a\u0000b')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['q']);
  });
});

describe('validation problems speak to people', () => {
  it('title and detail name the fields to change, in plain words, without repeating each message', async () => {
    const one = await register({ customerName: '' });
    expect(one.body).toMatchObject({ title: 'Check the highlighted fields', detail: '1 field needs a change: customerName.', type: expect.stringContaining('/validation') });
    const two = await register({ customerName: '', contactName: '' });
    expect(two.body.detail).toBe('2 fields need a change: customerName, contactName.');
    expect(JSON.stringify(two.body)).not.toMatch(/invalid field\(s\)|Validation failed/);
  });

  it('counts in messages agree in number', async () => {
    const res = await register({ estimatedValue: 10.5, currency: 'JPY' });
    expect(res.body.errors[0].message).toBe('JPY amounts have at most 0 decimal places');
    const bhd = await register({ estimatedValue: 10.5555, currency: 'BHD' });
    expect(bhd.body.errors[0].message).toBe('BHD amounts have at most 3 decimal places');
    const many = await register({ products: [] });
    expect(many.body.errors[0].message).not.toMatch(/\(s\)/);
  });
});
