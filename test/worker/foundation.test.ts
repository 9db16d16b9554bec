import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../worker/resources/docs/document.ts';
import { freshDatabase, roundTrips, testApp, type TestApp } from './harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = testApp(await freshDatabase('empty'));
});

describe('health', () => {
  it('reports the database reachable in one round trip', async () => {
    const res = await app.request('/api/v1/health', { headers: { 'x-request-id': 'health-probe-1' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: string };
    expect(body).toMatchObject({ status: 'ok', database: 'reachable' });
    expect(res.headers.get('x-request-id')).toBe('health-probe-1');
    expect(await roundTrips('health-probe-1')).toBe(1);
  });

  it('answers 503 problem+json when the database is unreachable', async () => {
    const down = testApp('http://127.0.0.1:9');
    const res = await down.request('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 503, database: 'unreachable' });
  });
});

describe('errors are problem+json', () => {
  it('unknown route → 404 with the path in the detail', async () => {
    const res = await app.request('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, title: 'Not found', instance: '/api/v1/nope' });
    expect(String(body.detail)).toContain('/api/v1/nope');
    expect(body.requestId).toBeTypeOf('string');
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document describing the health route', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/health']).toBeDefined();
  });

  it('serves the document built from the current route definitions (npm run build regenerates it)', async () => {
    const served = await (await app.request('/api/v1/openapi.json')).json();
    expect(served).toEqual(JSON.parse(JSON.stringify(await openApiDocument())));
  });

  it('answers 503 problem+json, not the portal page, when the document was never built', async () => {
    // The assets' single-page fallback answers index.html for a missing file.
    const spaFallback = { fetch: async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }) } as unknown as Fetcher;
    const res = await testApp(await freshDatabase('empty'), { ASSETS: spaFallback }).request('/api/v1/openapi.json');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toContain('npm run build');
  });

  it('serves interactive docs that load only same-origin scripts', async () => {
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/vendor/swagger-ui/swagger-ui-bundle.js');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('bad requests are problem+json with useful messages', () => {
  it('malformed JSON → 400 naming the problem', async () => {
    const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { detail: string; type: string };
    expect(body.detail).toMatch(/json/i);
    expect(body.type).toContain('malformed-request');
  });

  it('an invalid body → 422 listing every invalid field', async () => {
    const res = await app.request('/api/v1/auth/login', { method: 'POST', json: { email: 'not-an-email', password: 42 } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['email', 'password']);
    for (const e of body.errors) expect(e.message).toBeTruthy();
  });

  it('a database outage mid-request → 503 with Retry-After, without internals', async () => {
    const broken = testApp('http://127.0.0.1:9/');
    const res = await broken.request('/api/v1/auth/login', { method: 'POST', json: { email: 'a@b.example', password: 'whatever-long-enough' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const text = await res.text();
    expect(text).not.toMatch(/at \w+ \(|node_modules|SELECT|stack/i);
    expect(JSON.parse(text)).toMatchObject({ status: res.status, requestId: expect.any(String) });
  });
});
