import { createDb, type Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { hashPassword } from '../../worker/lib/password.ts';
import { DEMO_PASSWORD, signIn, type TestApp } from './harness.ts';
import { publishAsset } from './content.helpers.ts';

/**
 * Tenant-isolation fixtures for test/worker/isolation.test.ts, one entry per `x-access` tenant
 * kind: how to get a REAL id of that kind that belongs to Northwind (the "owner" tenant); the
 * matrix then calls the route as a Contoso user and expects 404. A kind used by a route but
 * missing here fails the matrix, so a new kind must be added here with its route.
 *
 * @example
 *   export const TENANT_FIXTURES = { ..., deal: async (ctx) => (await ctx.as('nick@northwind.example')).post('/deals', …).id }
 */
export interface FixtureContext {
  app: TestApp;
  db: Db;
  /** Session headers (cookie) of a demo account, signed in once per matrix run. */
  headersOf(email: string): Promise<Record<string, string>>;
}

export const TENANT_FIXTURES: Record<string, (ctx: FixtureContext) => Promise<string>> = {
  partner: async () => 'prt_northwind',
  user: async () => 'usr_demo_nick',
  deal: async ({ app, headersOf }) => {
    const tag = crypto.randomUUID().slice(0, 8);
    const res = await app.request('/api/v1/deals', {
      method: 'POST',
      headers: await headersOf('nick@northwind.example'),
      json: {
        customerName: `Isolation Customer ${tag}`,
        customerDomain: `isolation-${tag}.com`,
        contactName: 'Pat Buyer',
        contactEmail: 'pat@buyer.example',
        country: 'DE',
        products: ['prd_platform'],
        estimatedValue: 10000,
        currency: 'EUR',
        expectedCloseDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      },
    });
    if (res.status !== 201) throw new Error(`deal fixture: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  },
  // A Gold-only asset: visible to Northwind (Gold), so Contoso (Silver) must get 404.
  content: async ({ app, headersOf }) => (await publishAsset(app, await headersOf('manager@vendor.example'), { title: 'Isolation asset', minTierId: 'tier_gold' })).id,
  certification: async ({ app, headersOf }) => {
    // A fresh program each time, so Nick's certificate never collides with an earlier one.
    const program = await app.request('/api/v1/certification-programs', {
      method: 'POST',
      headers: await headersOf('manager@vendor.example'),
      json: { name: `Isolation program ${crypto.randomUUID().slice(0, 8)}`, level: 'foundation', validityMonths: 12 },
    });
    if (program.status !== 201) throw new Error(`program fixture: ${program.status} ${await program.text()}`);
    const programId = ((await program.json()) as { id: string }).id;
    const res = await app.request('/api/v1/certifications', {
      method: 'POST',
      headers: await headersOf('nick@northwind.example'),
      json: { programId, earnedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) },
    });
    if (res.status !== 201) throw new Error(`certification fixture: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  },
  invitation: async ({ app, headersOf }) => {
    const res = await app.request('/api/v1/invitations', {
      method: 'POST',
      headers: await headersOf('alice@northwind.example'),
      json: { email: `isolation-${crypto.randomUUID()}@northwind.example`, role: 'partner_rep' },
    });
    if (res.status !== 201) throw new Error(`invitation fixture: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { invitation: { id: string } }).invitation.id;
  },
};

/**
 * Request bodies for write operations in the tenant check, keyed `METHOD /api/v1/path`: the
 * 404 must come from the tenant scope, not from validating an empty body (a 422 here means
 * the operation needs an entry).
 */
export const TENANT_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/users/{id}': { status: 'deactivated' },
  'PATCH /api/v1/partners/{id}': { region: 'EMEA' },
  'POST /api/v1/deals/{id}/resubmit': { message: 'Updated as requested' },
  'POST /api/v1/deals/{id}/extension-request': { reason: 'The customer needs another quarter' },
};

/** One demo account per role, plus the other tenant's users for each partner role. */
export const ROLE_ACCOUNTS = {
  partner_rep: 'nick@northwind.example',
  partner_admin: 'alice@northwind.example',
  manager: 'manager@vendor.example',
  admin: 'admin@vendor.example',
} as const;

/** Contoso users per partner role: Carol (admin) from the seed, and a rep added here. */
export const OTHER_TENANT_ACCOUNTS = {
  partner_admin: 'carol@contoso.example',
  partner_rep: 'ravi@contoso.example',
} as const;

export async function addContosoRep(dbUrl: string): Promise<Db> {
  const db = createDb({ url: dbUrl });
  const now = new Date();
  await db.insert(users).values({
    id: 'usr_test_ravi',
    email: OTHER_TENANT_ACCOUNTS.partner_rep,
    name: 'Ravi Contoso',
    role: 'partner_rep',
    partnerId: 'prt_contoso',
    passwordHash: await hashPassword(DEMO_PASSWORD),
    status: 'active',
    createdAt: now,
    updatedAt: now,
  });
  return db;
}

/** Signs each account in once and remembers its headers. */
export function sessionCache(app: TestApp) {
  const cache = new Map<string, Promise<Record<string, string>>>();
  return (email: string) => {
    let headers = cache.get(email);
    if (!headers) {
      headers = signIn(app, email);
      cache.set(email, headers);
    }
    return headers;
  };
}
