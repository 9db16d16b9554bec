import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Persona as Who, type TestApp as DealsApp } from './harness.ts';
import { freshDatabase } from './harness.ts';

/**
 * Two promises of docs/api.md, for every route: each 404 is the documented `not-found`
 * problem (one `notFound()`), and every response, errors included, carries `X-Request-Id`.
 */

const NOT_FOUND = 'https://partner-portal.dev/problems/not-found';
let app: DealsApp;
let dbUrl: string;
beforeAll(async () => {
  dbUrl = await freshDatabase('demo');
  app = testApp(dbUrl);
});

/** Every route whose path names an object, with a persona allowed to call it and a valid body. */
const MISSING: [Who | null, string, string, unknown?][] = [
  ['admin', 'POST', '/api/v1/invitations/inv_missing/revoke'],
  [null, 'GET', '/api/v1/invitations/missing-token-0000'],
  [null, 'POST', '/api/v1/invitations/missing-token-0000/accept', { name: 'New Person', password: 'a-long-enough-password-1' }],
  ['manager', 'GET', '/api/v1/partners/ptr_missing'],
  ['manager', 'PATCH', '/api/v1/partners/ptr_missing', { region: 'EMEA' }],
  ['admin', 'PATCH', '/api/v1/users/usr_missing', { status: 'active' }],
  ['admin', 'DELETE', '/api/v1/tokens/tok_missing'],
  ['manager', 'POST', '/api/v1/deals/dl_missing/approve', {}],
  ['manager', 'POST', '/api/v1/deals/dl_missing/reject', { reasonCode: 'duplicate' }],
  ['manager', 'POST', '/api/v1/deals/dl_missing/request-info', { reason: 'Which products?' }],
  ['manager', 'POST', '/api/v1/deals/dl_missing/extension', { decision: 'decline' }],
  ['manager', 'PATCH', '/api/v1/deals/dl_missing', { crmId: 'CRM-404' }],
  ['manager', 'GET', '/api/v1/deals/dl_missing'],
  ['nick', 'POST', '/api/v1/deals/dl_missing/withdraw', {}],
  ['nick', 'POST', '/api/v1/deals/dl_missing/extension-request', { reason: 'Customer needs another quarter' }],
  ['nick', 'POST', '/api/v1/deals/dl_missing/resubmit', { message: 'Added the details' }],
  ['manager', 'PATCH', '/api/v1/products/prd_missing', { name: 'Renamed' }],
  ['admin', 'GET', '/api/v1/webhook-endpoints/wh_missing'],
  ['admin', 'PATCH', '/api/v1/webhook-endpoints/wh_missing', { enabled: true }],
  ['admin', 'DELETE', '/api/v1/webhook-endpoints/wh_missing'],
  ['admin', 'POST', '/api/v1/webhook-endpoints/wh_missing/rotate-secret', {}],
  ['admin', 'GET', '/api/v1/webhook-endpoints/wh_missing/secret'],
  ['admin', 'GET', '/api/v1/webhook-endpoints/wh_missing/deliveries'],
  ['admin', 'POST', '/api/v1/webhook-endpoints/wh_missing/deliveries/msg_missing/resend'],
  ['admin', 'POST', '/api/v1/webhook-endpoints/wh_missing/recover', { since: '2026-01-01T00:00:00.000Z' }],
  ['admin', 'POST', '/api/v1/webhook-endpoints/wh_missing/test'],
  ['manager', 'GET', '/api/v1/content/cnt_missing'],
  ['manager', 'PATCH', '/api/v1/content/cnt_missing', { title: 'Renamed' }],
  ['manager', 'DELETE', '/api/v1/content/cnt_missing'],
  ['manager', 'GET', '/api/v1/content/cnt_missing/versions'],
  ['manager', 'POST', '/api/v1/content/cnt_missing/versions/1/restore'],
  ['alice', 'GET', '/api/v1/content/cnt_missing/download'],
  ['manager', 'GET', '/api/v1/content/cnt_missing/downloads'],
  ['manager', 'PATCH', '/api/v1/certification-programs/cpg_missing', { name: 'Renamed' }],
  ['manager', 'GET', '/api/v1/certifications/crt_missing/evidence'],
  ['manager', 'POST', '/api/v1/certifications/crt_missing/verify', {}],
  ['manager', 'POST', '/api/v1/certifications/crt_missing/reject', { reason: 'Not a valid credential' }],
  ['manager', 'PATCH', '/api/v1/tiers/tier_missing', { name: 'Renamed' }],
  ['manager', 'GET', '/api/v1/partners/ptr_missing/tier-status'],
  ['manager', 'POST', '/api/v1/tier-proposals/tpp_missing/approve', {}],
  ['manager', 'POST', '/api/v1/tier-proposals/tpp_missing/dismiss', {}],
  ['manager', 'GET', '/api/v1/partners/ptr_missing/onboarding'],
  ['manager', 'POST', '/api/v1/partners/ptr_missing/stage', { stage: 'active' }],
  ['manager', 'GET', '/api/v1/no-such-route'],
];

describe('every 404 is the not-found problem', () => {
  it.each(MISSING)('%s %s %s', async (who, method, path, body) => {
    const res = await app.request(who, path, { method, ...(body === undefined ? {} : { json: body }) });
    expect(res.status, await res.clone().text()).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { type: string }).type).toBe(NOT_FOUND);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('covers every route of the OpenAPI document whose path names an object', async () => {
    const doc = (await (await app.request(null, '/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const withIds = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m) && path.includes('{'))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '*')}`),
    );
    // Routes whose path id is not a database object or that need a file body are covered by
    // their own resource tests (content.test.ts: upload parts; certifications.test.ts: evidence).
    const exempt = new Set([
      'PUT /api/v1/content/uploads/*/parts/*',
      'POST /api/v1/content/uploads/*/complete',
      'DELETE /api/v1/content/uploads/*',
      'POST /api/v1/content/*/versions',
      'PUT /api/v1/certifications/*/evidence',
      'PUT /api/v1/partners/*/onboarding/agreement',
    ]);
    const tested = new Set(MISSING.map(([, m, p]) => `${m} ${p.replace(/\/[a-z]+_missing|\/missing-token-0000|\/1(?=\/restore)/g, '/*')}`));
    expect(withIds.filter((r) => !tested.has(r) && !exempt.has(r))).toEqual([]);
  });
});

describe('every response carries X-Request-Id', () => {
  const cases: [string, Who | null, string, RequestInit & { json?: unknown }, number][] = [
    ['success', 'nick', '/api/v1/deals', {}, 200],
    ['public success', null, '/api/v1/health', {}, 200],
    ['401', null, '/api/v1/deals', {}, 401],
    ['403', 'nick', '/api/v1/audit', {}, 403],
    ['404', 'nick', '/api/v1/deals/dl_missing', {}, 404],
    ['400', 'nick', '/api/v1/deals?limit=0', {}, 400],
    ['422', 'nick', '/api/v1/deals', { method: 'POST', json: { customerName: '' } }, 422],
    ['malformed JSON', 'nick', '/api/v1/deals', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } }, 400],
  ];
  it.each(cases)('%s', async (_name, who, path, init, status) => {
    const res = await app.request(who, path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('x-request-id')).toMatch(/\S/);
  });

  it('echoes the id the client sent, on errors too', async () => {
    for (const [who, path] of [['nick', '/api/v1/deals'], [null, '/api/v1/deals'], ['nick', '/api/v1/deals/dl_missing']] as const) {
      const res = await app.request(who, path, { headers: { 'x-request-id': 'client-chosen-id' } });
      expect(res.headers.get('x-request-id'), `${who} ${path}`).toBe('client-chosen-id');
    }
  });

  // The middleware runs as one app.use() (worker/app-build.ts): what it rejects itself must still
  // leave as problem+json with the request id and the security headers.
  it('errors raised by the middleware itself carry the request id and the security headers', async () => {
    const noKey = testApp(dbUrl, { SECRETS_KEY: '' });
    const cases: [string, Promise<Response>, number][] = [
      ['cross-site write', app.request('nick', '/api/v1/deals', { method: 'POST', json: {}, headers: { origin: 'https://evil.example', 'x-request-id': 'mw-1' } }), 403],
      ['malformed bearer token', app.request('/api/v1/deals', { headers: { authorization: 'Bearer not-a-token', 'x-request-id': 'mw-2' } }), 401],
      ['body over the limit', app.request('nick', '/api/v1/deals', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1), headers: { 'content-type': 'application/json', 'x-request-id': 'mw-3' } }), 413],
      ['session check without SECRETS_KEY', noKey.request('/api/v1/deals', { headers: { cookie: 'session=a.b.c', 'x-request-id': 'mw-4' } }), 500],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      expect(res.status, name).toBe(status);
      expect(res.headers.get('content-type'), name).toMatch(/^application\/problem\+json/);
      expect((await res.json()) as { status: number }, name).toMatchObject({ status });
      expect(res.headers.get('x-request-id'), name).toMatch(/^mw-\d$/);
      expect(res.headers.get('content-security-policy'), name).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
    }
  });

  it('on 5xx answers: database unreachable (503) and a server misconfiguration (500)', async () => {
    const down = testApp('http://127.0.0.1:1');
    const unreachable = await down.request('/api/v1/auth/login', { method: 'POST', json: { email: 'nick@northwind.example', password: 'x-password-1' } });
    expect(unreachable.status).toBe(503);
    expect(unreachable.headers.get('x-request-id')).toMatch(/\S/);
    const noKey = testApp(dbUrl, { SECRETS_KEY: '' });
    const broken = await noKey.request('/api/v1/auth/login', { method: 'POST', json: { email: 'nick@northwind.example', password: 'demo-password-1' } });
    expect(broken.status).toBeGreaterThanOrEqual(500);
    expect(broken.headers.get('x-request-id')).toMatch(/\S/);
  });
});
