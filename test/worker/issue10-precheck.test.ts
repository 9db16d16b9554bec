import { beforeAll, describe, expect, it } from 'vitest';
import { dealBody } from './deals.helpers.ts';
import { testApp, type TestApp as DealsApp, type Persona as Who } from './harness.ts';
import { freshDatabase, roundTrips } from './harness.ts';

let app: DealsApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

let seq = 0;
const customer = () => {
  const word = Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => String.fromCharCode(97 + (b % 26))).join('');
  return { customerName: `${word} Books`, customerDomain: `${word}${seq++}.com` };
};
const register = async (as: Who, over: Record<string, unknown>) =>
  (await (await app.request(as, '/api/v1/deals', { method: 'POST', json: dealBody(over) })).json()) as { id: string };
const precheck = async (as: Who, domain: string, requestId?: string) => {
  const res = await app.request(as, `/api/v1/deals/precheck?domain=${domain}`, { headers: requestId ? { 'x-request-id': requestId } : {} });
  expect(res.status).toBe(200);
  return { text: await res.clone().text(), body: (await res.json()) as Record<string, unknown> };
};

describe('GET /deals/precheck: own company', () => {
  it("answers own_registration with the deal id to the rep who registered it and to the partner admin, in one round trip", async () => {
    const c = customer();
    const deal = await register('nick', c);
    expect((await precheck('nick', c.customerDomain, 'issue10-precheck-own')).body).toEqual({ result: 'own_registration', dealId: deal.id });
    expect(await roundTrips('issue10-precheck-own')).toBe(1);
    expect((await precheck('alice', c.customerDomain)).body).toEqual({ result: 'own_registration', dealId: deal.id });
  });

  it("gives a rep no id for a colleague's registration, and other partners only 'protected'", async () => {
    const c = customer();
    await register('alice', c);
    expect((await precheck('nick', c.customerDomain)).body).toEqual({ result: 'own_registration', dealId: null });
    const other = await precheck('carol', c.customerDomain);
    expect(other.body).toEqual({ result: 'protected' });
    expect(other.text).not.toMatch(/northwind|dl_/i);
  });

  it('names the protection end of an approved registration as a date, without the time', async () => {
    const c = customer();
    const deal = await register('carol', c);
    expect((await app.request('manager', `/api/v1/deals/${deal.id}/approve`, { method: 'POST', json: {} })).status).toBe(200);
    const { body } = await precheck('nick', c.customerDomain);
    expect(body).toEqual({ result: 'protected', protectedUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});
