/**
 * Security probes, driven by the OpenAPI document: every operation that exists gets generated
 * bad input (wrong types, huge strings, unicode, missing and extra fields, malformed JSON, bad
 * query params and path ids), sent as a persona whose role holds the operation's permission.
 * No answer may be a 5xx; every error is problem+json without internals; every response
 * carries the security headers. A new route is probed the moment it is in the document.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleCan, scopeCan, TOKEN_SCOPES, type Permission } from '../../worker/domain/permissions.ts';
import { freshDatabase, signIn, testApp, type TestApp } from './harness.ts';

interface Operation {
  method: string;
  path: string;
  permission: Permission | null;
  pathParams: string[];
  queryParams: string[];
  /** Top-level properties of the JSON body schema, when the operation takes one. */
  bodyFields: string[] | null;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  'x-access'?: { permission: Permission | null };
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface JsonSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  allOf?: JsonSchema[];
}

const RUNS = 20;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PERSONAS = {
  partner_rep: 'nick@northwind.example',
  partner_admin: 'alice@northwind.example',
  manager: 'manager@vendor.example',
  admin: 'admin@vendor.example',
} as const;
type Persona = keyof typeof PERSONAS;

let app: TestApp;
let production: TestApp;
let operations: Operation[];
const sessions = new Map<Persona, Record<string, string>>();
let tokenAuth: Record<string, string> | undefined;

beforeAll(async () => {
  const dbUrl = await freshDatabase('demo');
  app = testApp(dbUrl);
  production = testApp(dbUrl, { APP_ENV: 'production' });
  const doc = (await (await app.request('/api/v1/openapi.json')).json()) as OpenApiDoc;
  operations = listOperations(doc);
  // Token-only operations (CRM write-back) need an integration token carrying every scope.
  const admin = await session('admin');
  const created = await app.request('/api/v1/tokens', {
    method: 'POST',
    headers: admin,
    json: { name: 'probes', scopes: [...TOKEN_SCOPES] },
  });
  // Fail here, loudly, rather than probe token-only operations with the wrong credentials.
  if (created.status !== 201) throw new Error(`probe token: ${created.status} ${await created.text()}`);
  tokenAuth = { authorization: `Bearer ${((await created.json()) as { secret: string }).secret}` };
});

function listOperations(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        permission: op['x-access']?.permission ?? null,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: body ? Object.keys(resolve(doc, body).properties ?? {}) : null,
      });
    }
  }
  return ops;
}

function resolve(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {});
  if (schema.allOf) return { properties: Object.assign({}, ...schema.allOf.map((s) => resolve(doc, s).properties)) };
  return schema;
}

async function session(persona: Persona): Promise<Record<string, string>> {
  let headers = sessions.get(persona);
  if (!headers) {
    headers = await signIn(app, PERSONAS[persona]);
    sessions.set(persona, headers);
  }
  return headers;
}

/** Credentials of someone allowed to call the operation, so bad input reaches validation. */
async function credentialsFor(op: Operation): Promise<Record<string, string>> {
  if (op.permission === null) return session('manager');
  const persona = (Object.keys(PERSONAS) as Persona[]).find((p) => roleCan(p, op.permission!));
  if (persona) return session(persona);
  if (tokenAuth && scopeCan(TOKEN_SCOPES, op.permission)) return tokenAuth;
  // No silent stand-in: probing as someone without the permission would only test the 403.
  throw new Error(`${op.method} ${op.path}: neither a persona nor the probe token holds ${op.permission}`);
}

// ---- generators of bad input ----
const huge = fc.integer({ min: 5_000, max: 70_000 }).map((n) => 'x'.repeat(n));
const unicode = fc.constantFrom('\u0000', '\u202e', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ｆｕｌｌ', '\ud800', 'é\u0301', '🙂'.repeat(50), '<script>alert(1)</script>', "' OR 1=1 --");
const badScalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  unicode,
  huge,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('-1', '0', '1e309', 'NaN', 'true', '[]', '{}', '2024-13-45', '../../etc/passwd', '%00', '%'),
);
const badJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  badScalar,
  fc.array(badScalar, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), badScalar, { maxKeys: 4 }),
);
const badPathId = fc.oneof(fc.string({ minLength: 1 }), unicode, huge, fc.constantFrom('..', '%2e%2e', 'null', 'undefined', '0', '-1', 'dl_'));

/** A body: malformed JSON text, a non-object, or the operation's fields with wrong, missing and extra values. */
const badBody = (fields: string[]) =>
  fc.oneof(
    fc.constantFrom('{', '{"a":', '[1,2', 'nul', '\u0000', '"unterminated', '{"a":1}}', '').map((raw) => ({ raw })),
    fc.string({ unit: 'binary' }).map((raw) => ({ raw })),
    badJsonValue.map((json) => ({ raw: JSON.stringify(json) ?? 'null' })),
    fc
      .record({
        known: fc.subarray(fields).chain((keep) => fc.tuple(...keep.map((k) => fc.tuple(fc.constant(k), badJsonValue)))),
        extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), badScalar, { maxKeys: 3 }),
      })
      .map(({ known, extra }) => ({ raw: JSON.stringify({ ...extra, ...Object.fromEntries(known) }) })),
  );

function badRequest(op: Operation) {
  return fc.record({
    ids: fc.tuple(...op.pathParams.map(() => badPathId)),
    query: fc.array(fc.tuple(fc.constantFrom(...op.queryParams, 'unknownParam', 'cursor', 'limit'), fc.oneof(fc.string(), unicode, huge, fc.constantFrom('-1', '0', '1e9', 'NaN', '%ZZ'))), { maxLength: 4 }),
    body: op.bodyFields ? badBody(op.bodyFields) : fc.constant(null),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'),
  });
}

function fillPath(path: string, ids: string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => encodeSegment(ids[i++] ?? 'x'));
}

/** Lone surrogates cannot be percent-encoded as UTF-8: send them as the invalid bytes they would be. */
function encodeSegment(id: string): string {
  try {
    return encodeURIComponent(id);
  } catch {
    return `%ED%A0%80${encodeURIComponent(id.replace(/[\ud800-\udfff]/g, ''))}`;
  }
}

// ---- what every answer must satisfy ----
const STACK_TRACE = /\bat\s+\S+\s+\(?[^)\s]*:\d+:\d+\)?|\.ts:\d+:\d+|node_modules\//;

async function expectSafeAnswer(res: Response, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text, `${what} leaks a stack trace`).not.toMatch(STACK_TRACE);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), `${what} → ${res.status} is not problem+json`).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ status: res.status, type: expect.any(String), title: expect.any(String) });
  }
  expectSecurityHeaders(res, what, false);
}

function expectSecurityHeaders(res: Response, what: string, hsts: boolean): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(csp, `${what}: CSP`).not.toBe('');
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(csp, `${what}: frame-ancestors`).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  if (hsts) expect(res.headers.get('strict-transport-security'), `${what}: HSTS`).toMatch(/max-age=\d{7,}/);
  else expect(res.headers.get('strict-transport-security'), `${what}: no HSTS outside production`).toBeNull();
}

describe('every operation in the OpenAPI document', () => {
  it('lists the operations it probes', () => {
    expect(operations.length).toBeGreaterThan(1);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('GET /api/v1/health');
  });

  const statuses: Record<string, Record<number, number>> = {};
  it('answers bad input with a 4xx problem document, never a 5xx or a stack trace', { timeout: 240_000 }, async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(badRequest(op), async ({ ids, query, body, contentType }) => {
          const url = new URL(fillPath(op.path, ids), 'http://x');
          for (const [k, v] of query) url.searchParams.append(k, v.replace(/[\ud800-\udfff]/g, '\ufffd'));
          const headers = { ...(await credentialsFor(op)) };
          const init: RequestInit = { method: op.method, headers };
          if (body !== null) {
            headers['content-type'] = contentType;
            init.body = body.raw;
          }
          const res = await app.request(`${url.pathname}${url.search}`, init);
          const key = `${op.method} ${op.path}`;
          (statuses[key] ??= {})[res.status] = (statuses[key]![res.status] ?? 0) + 1;
          await expectSafeAnswer(res, key);
        }),
        { numRuns: RUNS },
      );
      await keepSessionsAlive();
    }
    // The probes must reach validation, not bounce off authentication.
    const all = Object.values(statuses).flatMap((byStatus) => Object.entries(byStatus));
    const total = all.reduce((n, [, count]) => n + count, 0);
    const denied = all.filter(([status]) => status === '401' || status === '403').reduce((n, [, count]) => n + count, 0);
    expect(denied / total).toBeLessThan(0.2);
    const neverPastAuth = Object.entries(statuses)
      .filter(([, byStatus]) => Object.keys(byStatus).every((status) => status === '401' || status === '403'))
      .map(([key]) => key);
    expect(neverPastAuth).toEqual([]);
  });

  it('sends the security headers on every route, with HSTS only in production', async () => {
    for (const op of operations) {
      const path = fillPath(op.path, op.pathParams.map(() => 'probe_missing'));
      const init = { method: op.method, ...(op.bodyFields ? { json: {} } : {}) };
      const dev = await app.request(path, init);
      await expectSafeAnswer(dev, `${op.method} ${op.path} (dev)`);
      expectSecurityHeaders(await production.request(path, init), `${op.method} ${op.path} (production)`, true);
    }
    for (const path of ['/api/nope', '/api/docs']) {
      expectSecurityHeaders(await app.request(path), path, false);
      expectSecurityHeaders(await production.request(path), `${path} (production)`, true);
    }
  });
});

/** A probe may have signed a persona out (POST /auth/logout): sign in again before the next operation. */
async function keepSessionsAlive(): Promise<void> {
  for (const [persona, headers] of sessions) {
    const me = await app.request('/api/v1/me', { headers });
    if (me.status === 401) sessions.delete(persona);
  }
}
