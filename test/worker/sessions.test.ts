import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { freshDatabase, roundTrips, signIn, testApp, type TestApp } from './harness.ts';
import { directDb } from './deal-decisions.helpers.ts';

let app: TestApp;
let db: Db;
beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = directDb(url);
});

const HOUR = 3_600_000;
/** The session id is in the signed claims (second cookie segment). */
function sessionIdOf(headers: Record<string, string>): string {
  const claims = headers.cookie!.split('=')[1]!.split('.')[1]!;
  return (JSON.parse(atob(claims.replace(/-/g, '+').replace(/_/g, '/'))) as { sid: string }).sid;
}
const me = (headers: Record<string, string>, requestId?: string) =>
  app.request('/api/v1/me', { headers: { ...headers, ...(requestId ? { 'x-request-id': requestId } : {}) } });

describe('session verification rides on the first round trip', () => {
  it('GET /me and list reads cost one round trip, verification included', async () => {
    const headers = await signIn(app, 'alice@northwind.example');
    expect((await me(headers, 'sess-me')).status).toBe(200);
    expect(await roundTrips('sess-me')).toBe(1);
    const team = await app.request('/api/v1/team', { headers: { ...headers, 'x-request-id': 'sess-team' } });
    expect(team.status).toBe(200);
    expect(await roundTrips('sess-team')).toBe(1);
    const staff = await signIn(app, 'manager@vendor.example');
    for (const path of ['/api/v1/partners', '/api/v1/users', '/api/v1/audit', '/api/v1/invitations', '/api/v1/tiers']) {
      const id = `sess-list-${path.split('/').pop()}`;
      const res = await app.request(path, { headers: { ...staff, 'x-request-id': id } });
      expect(res.status, path).toBe(200);
      expect(await roundTrips(id), path).toBe(1);
    }
  });

  it('a revoked session cannot write, even in the batch that discovers the revocation', async () => {
    const headers = await signIn(app, 'admin@vendor.example');
    await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionIdOf(headers)));
    const before = (await db.select().from(apiTokens)).length;
    const res = await app.request('/api/v1/tokens', { method: 'POST', headers, json: { name: 'sneaky', scopes: ['deals:read'] } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await db.select().from(apiTokens)).length).toBe(before);
  });

  it('a request that never reaches the database is still verified before the response leaves', async () => {
    const headers = await signIn(app, 'alice@northwind.example');
    await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionIdOf(headers)));
    // Invalid body: the handler never runs, yet the answer is 401, not 422.
    const res = await app.request('/api/v1/users/usr_demo_nick', { method: 'PATCH', headers, json: { role: 'nope' } });
    expect(res.status).toBe(401);
  });
});

describe('timeouts and changes that end a session', () => {
  it('ends after 12 hours idle', async () => {
    const headers = await signIn(app, 'nick@northwind.example');
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 13 * HOUR) }).where(eq(sessions.id, sessionIdOf(headers)));
    expect((await me(headers)).status).toBe(401);
  });

  it('ends at the absolute timeout whatever the activity', async () => {
    const headers = await signIn(app, 'nick@northwind.example');
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sessionIdOf(headers)));
    expect((await me(headers)).status).toBe(401);
  });

  it('ends when the user no longer has the role the cookie claims', async () => {
    const headers = await signIn(app, 'nick@northwind.example');
    await db.update(users).set({ role: 'partner_admin' }).where(eq(users.id, 'usr_demo_nick'));
    expect((await me(headers)).status).toBe(401);
    await db.update(users).set({ role: 'partner_rep' }).where(eq(users.id, 'usr_demo_nick'));
  });

  it('refreshes last-seen at most every 5 minutes, after the response', async () => {
    const headers = await signIn(app, 'nick@northwind.example');
    const id = sessionIdOf(headers);
    const [fresh] = await db.select().from(sessions).where(eq(sessions.id, id));
    await me(headers);
    const [unchanged] = await db.select().from(sessions).where(eq(sessions.id, id));
    expect(unchanged!.lastSeenAt.getTime()).toBe(fresh!.lastSeenAt.getTime());
    const old = new Date(Date.now() - 10 * 60_000);
    await db.update(sessions).set({ lastSeenAt: old }).where(eq(sessions.id, id));
    await me(headers);
    const [touched] = await db.select().from(sessions).where(eq(sessions.id, id));
    expect(touched!.lastSeenAt.getTime()).toBeGreaterThan(old.getTime() + 5 * 60_000);
  });

  it('stores the session token only as a SHA-256 hash', async () => {
    const headers = await signIn(app, 'nick@northwind.example');
    const token = headers.cookie!.split('=')[1]!.split('.')[0]!;
    expect(token).toHaveLength(32); // 160 bits in base32
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionIdOf(headers)));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toContain(token);
  });
});
