import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiTokens } from '../../db/schema/index.ts';
import { sha256Hex } from '../../worker/lib/signing.ts';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';

let app: TestApp;
let dbUrl: string;
let admin: Record<string, string>;
beforeAll(async () => {
  dbUrl = await freshDatabase('demo');
  app = testApp(dbUrl);
  admin = await signIn(app, 'admin@vendor.example');
});

async function createToken(name: string, scopes: string[]) {
  const res = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, json: { name, scopes } });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: { id: string; scopes: string[]; lastUsedAt: string | null }; secret: string };
}
const bearer = (secret: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${secret}`, ...extra });

describe('integration tokens', () => {
  it('shows the secret once and stores only its SHA-256', async () => {
    const created = await createToken('CRM sync', ['deals:read', 'deals:write']);
    expect(created.secret).toMatch(/^ppt_[\w-]+\.[a-z2-7]+$/);
    const [row] = await directDb(dbUrl).select().from(apiTokens).where(eq(apiTokens.id, created.token.id));
    expect(row!.tokenHash).toBe(await sha256Hex(created.secret));
    const list = await app.request('/api/v1/tokens', { headers: { ...admin, 'x-request-id': 'tokens-list' } });
    const text = await list.text();
    expect(text).toContain(created.token.id);
    expect(text).not.toContain(created.secret.split('.')[1]);
    expect(text).not.toContain(row!.tokenHash);
    expect(await roundTrips('tokens-list')).toBe(1);
  });

  it('rejects invalid names and scopes with field errors', async () => {
    const res = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, json: { name: '', scopes: ['deals:read', 'everything'] } });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'scopes.1']));
  });

  it('introspects through GET /me in one round trip once last-used is fresh, and records last use off the response path', async () => {
    const { token, secret } = await createToken('introspect', ['customers:write']);
    const first = await app.request('/api/v1/me', { headers: bearer(secret) });
    expect(await first.json()).toEqual({ kind: 'token', user: null, role: null, partner: null, token: { id: token.id, scopes: ['customers:write'] } });
    const [row] = await directDb(dbUrl).select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
    const second = await app.request('/api/v1/me', { headers: bearer(secret, { 'x-request-id': 'token-me' }) });
    expect(second.status).toBe(200);
    expect(await roundTrips('token-me')).toBe(1);
  });

  it('enforces scopes: no deals:read → 403 on GET /deals; deals:read → 200', async () => {
    const customersOnly = await createToken('customers only', ['customers:write']);
    const denied = await app.request('/api/v1/deals', { headers: bearer(customersOnly.secret) });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { detail: string }).detail).toContain('deals:read');
    const reader = await createToken('reader', ['deals:read']);
    expect((await app.request('/api/v1/deals', { headers: bearer(reader.secret) })).status).toBe(200);
    // Tokens never hold people's permissions.
    expect((await app.request('/api/v1/partners', { headers: bearer(reader.secret) })).status).toBe(403);
  });

  it('rejects a token whose scopes were edited (the hash covers the whole token) and malformed tokens', async () => {
    const { secret } = await createToken('tamper', ['deals:read']);
    const [head, tail] = secret.slice(4).split('.') as [string, string];
    const claims = JSON.parse(atob(head.replace(/-/g, '+').replace(/_/g, '/'))) as { id: string };
    const widened = btoa(JSON.stringify({ id: claims.id, scopes: ['deals:read', 'customers:write'] })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect((await app.request('/api/v1/me', { headers: bearer(`ppt_${widened}.${tail}`) })).status).toBe(401);
    expect((await app.request('/api/v1/me', { headers: bearer('ppt_garbage') })).status).toBe(401);
    expect((await app.request('/api/v1/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('revocation takes effect on the next request', async () => {
    const { token, secret } = await createToken('to revoke', ['deals:read']);
    expect((await app.request('/api/v1/deals', { headers: bearer(secret) })).status).toBe(200);
    const res = await app.request(`/api/v1/tokens/${token.id}`, { method: 'DELETE', headers: admin });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await app.request('/api/v1/deals', { headers: bearer(secret) })).status).toBe(401);
    expect((await app.request('/api/v1/tokens/tok_unknown', { method: 'DELETE', headers: admin })).status).toBe(404);
  });
});
