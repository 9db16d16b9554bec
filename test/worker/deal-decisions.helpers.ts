import { OpenAPIHono } from '@hono/zod-openapi';
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { expect } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { auditLog, dealEvents, dealProducts, deals, events } from '../../db/schema/index.ts';
import type { DealStatus } from '../../db/schema/deal-enums.ts';
import type { Actor } from '../../worker/domain/actor.ts';
import type { Env } from '../../worker/env.ts';
import { newId } from '../../worker/lib/ids.ts';
import { ProblemError, problemResponse, problemType } from '../../worker/lib/problem.ts';
import type { AppEnv } from '../../worker/lib/types.ts';
import { dealDecisionRoutes } from '../../worker/routes/deal-decisions.ts';
import { dealRoutes } from '../../worker/routes/deals.ts';
import { kpiRoutes } from '../../worker/routes/kpis.ts';
import { settingsRoutes } from '../../worker/routes/settings.ts';

export const DAY = 86_400_000;

/** Direct database access for arranging rows and checking what a request committed. */
export function directDb(url: string): Db {
  return createDb({ url });
}

export interface DealSeed {
  partnerId?: string;
  status?: DealStatus;
  customerName?: string;
  submittedAt?: Date;
  expiresAt?: Date | null;
  approvedAt?: Date | null;
  expiringNotifiedAt?: Date | null;
  extensionRequestedAt?: Date | null;
  hasConflict?: boolean;
  estimatedValueMinor?: number;
  currency?: string;
  firstDecisionAt?: Date | null;
  wonAmountMinor?: number | null;
  closeDate?: string | null;
  /** Default: the submission time. */
  createdAt?: Date;
}

/** Inserts a deal (Northwind's by default) with one product, as registration would have. */
export async function seedDeal(db: Db, seed: DealSeed = {}): Promise<string> {
  const id = newId('dl');
  const submittedAt = seed.submittedAt ?? new Date(Date.now() - DAY);
  const name = seed.customerName ?? `Customer ${id}`;
  await db.batch([
    db.insert(deals).values({
      id,
      partnerId: seed.partnerId ?? 'prt_northwind',
      createdBy: null,
      customerName: name,
      customerNameKey: name.toLowerCase(),
      customerDomain: `${id.replace('_', '-')}.example`,
      registrableDomain: `${id.replace('_', '-')}.example`,
      contactName: 'Pat Buyer',
      contactEmail: 'pat@customer.example',
      country: 'DE',
      estimatedValueMinor: seed.estimatedValueMinor ?? 1_250_000,
      currency: seed.currency ?? 'EUR',
      expectedCloseDate: '2027-03-31',
      status: seed.status ?? 'submitted',
      hasConflict: seed.hasConflict ?? false,
      submittedAt,
      approvedAt: seed.approvedAt ?? null,
      expiresAt: seed.expiresAt ?? null,
      expiringNotifiedAt: seed.expiringNotifiedAt ?? null,
      extensionRequestedAt: seed.extensionRequestedAt ?? null,
      firstDecisionAt: seed.firstDecisionAt ?? null,
      wonAmountMinor: seed.wonAmountMinor ?? null,
      closeDate: seed.closeDate ?? null,
      createdAt: seed.createdAt ?? submittedAt,
      updatedAt: submittedAt,
    }),
    db.insert(dealProducts).values({ dealId: id, productId: 'prd_platform' }),
  ]);
  return id;
}

/** The deal row plus everything committed about it: timeline, audit entries, outbox events. */
export async function dealRecord(db: Db, id: string) {
  const [deal, timeline, audit, outbox] = await db.batch([
    db.select().from(deals).where(eq(deals.id, id)),
    db.select().from(dealEvents).where(eq(dealEvents.dealId, id)).orderBy(dealEvents.at),
    db.select().from(auditLog).where(eq(auditLog.objectId, id)).orderBy(auditLog.at),
    db.select().from(events).where(eq(events.subjectId, id)).orderBy(events.occurredAt),
  ]);
  return { deal: deal[0]!, timeline, audit, outbox };
}

/** Vendor staff, partner users and integration tokens of the demo seed, as request actors. */
export const ACTORS = {
  manager: { kind: 'user', userId: 'usr_demo_manager', sessionId: 's-m', role: 'manager', partnerId: null, email: 'manager@vendor.example', name: 'Morgan Manager' },
  admin: { kind: 'user', userId: 'usr_demo_admin', sessionId: 's-a', role: 'admin', partnerId: null, email: 'admin@vendor.example', name: 'Ada Admin' },
  alice: { kind: 'user', userId: 'usr_demo_alice', sessionId: 's-al', role: 'partner_admin', partnerId: 'prt_northwind', email: 'alice@northwind.example', name: 'Alice Northwind' },
  carol: { kind: 'user', userId: 'usr_demo_carol', sessionId: 's-c', role: 'partner_admin', partnerId: 'prt_contoso', email: 'carol@contoso.example', name: 'Carol Contoso' },
  crmWriter: { kind: 'token', tokenId: 'tok_crm_write', scopes: ['deals:read', 'deals:write'] },
  crmReader: { kind: 'token', tokenId: 'tok_crm_read', scopes: ['deals:read'] },
} satisfies Record<string, Actor>;
export type As = keyof typeof ACTORS;

/**
 * The manager-side routers (plus the deals router, for the partner's view of the timeline)
 * behind a stand-in for the session middleware that sets the actor named by `as`. The real
 * middleware adds its credential check to the handler's first batch, so round-trip counts are
 * the production ones. Every request carries a fresh `x-request-id`, returned as `requestId`.
 */
export function decisionsApp(dbUrl: string) {
  const testEnv = { ...(env as unknown as Env), TURSO_DATABASE_URL: dbUrl };
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    c.set('db', createDb({ url: dbUrl, traceId: c.get('requestId') }));
    c.set('clientIp', '203.0.113.7');
    c.set('actor', (ACTORS as Record<string, Actor>)[c.req.header('x-test-as') ?? ''] ?? null);
    await next();
  });
  app
    .route('/api/v1', dealDecisionRoutes)
    .route('/api/v1', settingsRoutes)
    .route('/api/v1', kpiRoutes)
    .route('/api/v1', dealRoutes);
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err.status, err.problem, err.headers);
    if (err instanceof HTTPException) return problemResponse(c, err.status as 400, { type: problemType('malformed-request'), detail: err.message });
    console.error(err);
    return problemResponse(c, 500, { type: problemType('internal') });
  });
  return {
    async request(as: As | null, path: string, init: RequestInit & { json?: unknown } = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      const id = `dd-${crypto.randomUUID()}`;
      headers.set('x-request-id', id);
      if (as) headers.set('x-test-as', as);
      if (json !== undefined) {
        headers.set('content-type', 'application/json');
        rest.body = JSON.stringify(json);
      }
      // Work scheduled after the response (webhook enqueueing) finishes before the caller looks.
      const ctx = createExecutionContext();
      const res = await app.request(`http://localhost${path}`, { ...rest, headers }, testEnv, ctx);
      await waitOnExecutionContext(ctx);
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any, requestId: id };
    },
  };
}
export type DecisionsApp = ReturnType<typeof decisionsApp>;

/** Asserts an RFC 9457 problem document with the given status. */
export function expectProblem(res: { status: number; headers: Headers; body: any }, status: number) {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status, type: 'application/problem+json' });
  expect(res.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
}
