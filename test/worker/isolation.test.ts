import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema/users.ts';
import { PERMISSIONS, roleCan, TOKEN_SCOPES, type Permission } from '../../worker/domain/permissions.ts';
import type { AccessMeta } from '../../worker/lib/access.ts';
import { freshDatabase, signIn, testApp, type TestApp } from './harness.ts';
import { addContosoRep, OTHER_TENANT_ACCOUNTS, ROLE_ACCOUNTS, sessionCache, TENANT_BODIES, TENANT_FIXTURES } from './fixtures.ts';
import type { Db } from '../../db/client.ts';

interface Operation {
  method: string;
  path: string;
  access: AccessMeta | undefined;
}

let app: TestApp;
let db: Db;
let operations: Operation[];
let headersOf: (email: string) => Promise<Record<string, string>>;

beforeAll(async () => {
  const url = await freshDatabase('demo');
  app = testApp(url);
  db = await addContosoRep(url);
  headersOf = sessionCache(app);
  const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, { 'x-access'?: AccessMeta }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path: `${path}`, access: op['x-access'] })),
  );
});

/** The path with every `{param}` replaced (by `id` when given, else a made-up id). */
const fill = (path: string, id = 'nonexistent_1') => path.replace(/\{[^}]+\}/g, id);
const bodyFor = (op: Operation) => (op.method === 'GET' || op.method === 'DELETE' ? undefined : (TENANT_BODIES[`${op.method} ${op.path}`] ?? {}));
const call = (op: Operation, headers: Record<string, string>, id?: string) =>
  app.request(fill(op.path, id), { method: op.method, headers, json: bodyFor(op) });

const guarded = () => operations.filter((op) => op.access?.permission);
const label = (op: Operation) => `${op.method} ${op.path}`;

describe('every operation declares x-access', () => {
  it('has x-access (permission and tenant) on every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(10);
    const missing = operations.filter((op) => !op.access || !('permission' in op.access) || !('tenant' in op.access)).map(label);
    expect(missing).toEqual([]);
  });

  it('names only permissions from the one permission table', () => {
    const unknown = guarded().filter((op) => !(op.access!.permission! in PERMISSIONS)).map(label);
    expect(unknown).toEqual([]);
  });
});

describe('role matrix', () => {
  it('answers 401 to anonymous callers of every guarded operation', async () => {
    const wrong: string[] = [];
    for (const op of guarded()) {
      const res = await call(op, {});
      if (res.status !== 401) wrong.push(`${label(op)} → ${res.status}`);
      else expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to every role that lacks the permission', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of guarded()) {
      for (const role of ROLES) {
        if (roleCan(role, op.access!.permission!)) continue;
        const res = await call(op, await headersOf(ROLE_ACCOUNTS[role]));
        checked++;
        if (res.status !== 403) wrong.push(`${label(op)} as ${role} → ${res.status}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("answers 403 to an integration token lacking the permission's scope", async () => {
    const admin = await headersOf(ROLE_ACCOUNTS.admin);
    const tokens = new Map<string, string>();
    for (const scope of TOKEN_SCOPES) {
      const others = TOKEN_SCOPES.filter((s) => s !== scope);
      const res = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, json: { name: `all but ${scope}`, scopes: others } });
      tokens.set(scope, ((await res.json()) as { secret: string }).secret);
    }
    const wrong: string[] = [];
    for (const op of guarded()) {
      const needed = PERMISSIONS[op.access!.permission!].scope as string | null;
      // Without the scope (or for permissions no token may hold): 403.
      const lacking = needed ? tokens.get(needed)! : tokens.get(TOKEN_SCOPES[0])!;
      const res = await call(op, { authorization: `Bearer ${lacking}` });
      if (res.status !== 403) wrong.push(`${label(op)} without ${needed ?? 'any usable scope'} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('tenant isolation', () => {
  it('answers 404 to a user of another partner for a real id of the first partner', async () => {
    const tenantOps = guarded().filter((op) => op.access!.tenant);
    expect(tenantOps.length).toBeGreaterThan(0);
    const missingKinds = [...new Set(tenantOps.map((op) => op.access!.tenant!))].filter((kind) => !(kind in TENANT_FIXTURES));
    expect(missingKinds, 'add these tenant kinds to TENANT_FIXTURES in test/worker/fixtures.ts').toEqual([]);

    const wrong: string[] = [];
    let checked = 0;
    for (const op of tenantOps) {
      const partnerRoles = (['partner_rep', 'partner_admin'] as const).filter((r: Role) => roleCan(r, op.access!.permission as Permission));
      for (const role of partnerRoles) {
        // A fresh object per call: a write that wrongly succeeded must not hide the next check.
        const id = await TENANT_FIXTURES[op.access!.tenant!]!({ app, db, headersOf });
        const res = await call(op, await headersOf(OTHER_TENANT_ACCOUNTS[role]), id);
        checked++;
        if (res.status !== 404) wrong.push(`${label(op)} as Contoso ${role} on Northwind's ${op.access!.tenant} → ${res.status}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});

describe('revoked sessions', () => {
  it('answers 401 on every guarded operation once the session is signed out', async () => {
    const revoked = new Map<Role, Record<string, string>>();
    for (const role of ROLES) {
      const headers = await signIn(app, ROLE_ACCOUNTS[role]);
      expect((await app.request('/api/v1/auth/logout', { method: 'POST', headers })).status).toBe(204);
      revoked.set(role, headers);
    }
    const wrong: string[] = [];
    for (const op of guarded()) {
      const role = ROLES.find((r) => roleCan(r, op.access!.permission!));
      if (!role) continue; // token-only permissions: covered by the token checks
      const res = await call(op, revoked.get(role)!);
      if (res.status !== 401) wrong.push(`${label(op)} as revoked ${role} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
