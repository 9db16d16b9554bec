import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealBody } from './deals.helpers.ts';
import { freshDatabase, testApp, type TestApp } from './harness.ts';
import { DealInputSchema, DealListQuerySchema, DealPageSchema, DealSchema, PrecheckQuerySchema, PrecheckSchema } from '../../worker/resources/deals/schemas.ts';

let app: TestApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('demo'));
});

const anyJson = fc.jsonValue({ maxDepth: 3 });
const fieldNames = Object.keys(dealBody());

/** A valid body with one field replaced by arbitrary JSON, or a field dropped, or junk added. */
const badBody = fc.oneof(
  fc.record({ field: fc.constantFrom(...fieldNames), value: anyJson }).map(({ field, value }) => dealBody({ [field]: value })),
  fc.constantFrom(...fieldNames).map((field) => {
    const body: Record<string, unknown> = dealBody();
    delete body[field];
    return body;
  }),
  anyJson,
);

async function expectClientError(res: Response) {
  expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
}

describe('generated bad input is always a 4xx problem, never a 5xx', () => {
  it('POST /deals', async () => {
    await fc.assert(
      fc.asyncProperty(badBody, async (body) => {
        const res = await app.request('nick', '/api/v1/deals', { method: 'POST', json: body });
        const valid = DealInputSchema.safeParse(body);
        if (res.status !== 201) return expectClientError(res);
        // A replacement that happened to be valid (e.g. a new notes string): it really was valid,
        // and the deal holds what was sent rather than a default.
        expect(valid.error).toBeUndefined();
        const created = DealSchema.parse(await res.json());
        expect(created).toMatchObject({ customerName: valid.data!.customerName, currency: valid.data!.currency, estimatedValue: valid.data!.estimatedValue });
      }),
      { numRuns: 60 },
    );
  });

  it('POST /deals with a raw non-JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
        const res = await app.request('nick', '/api/v1/deals', { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } });
        await expectClientError(res);
      }),
      { numRuns: 30 },
    );
  });

  const queryValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constantFrom('', 'true', '-1', '1e9', '2026-13-40', '%', '\u0000'));
  const query = (keys: string[]) =>
    fc.dictionary(fc.constantFrom(...keys), queryValue, { maxKeys: 4 }).map((q) => new URLSearchParams(q).toString());

  it('GET /deals', async () => {
    await fc.assert(
      fc.asyncProperty(query(['status', 'q', 'sort', 'cursor', 'limit', 'partnerId', 'conflict', 'updatedSince']), fc.constantFrom('nick', 'manager') , async (qs, who) => {
        const res = await app.request(who as 'nick', `/api/v1/deals?${qs}`);
        if (res.status !== 200) return expectClientError(res);
        expect(DealListQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(qs))).error).toBeUndefined();
        expect(DealPageSchema.safeParse(await res.json()).error).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('GET /deals/precheck', async () => {
    await fc.assert(
      fc.asyncProperty(query(['domain', 'company']), async (qs) => {
        const res = await app.request('carol', `/api/v1/deals/precheck?${qs}`);
        if (res.status !== 200) return expectClientError(res);
        expect(PrecheckQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(qs))).error).toBeUndefined();
        expect(PrecheckSchema.safeParse(await res.json()).error).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});
