import { OpenAPIHono } from '@hono/zod-openapi';
import { env } from 'cloudflare:test';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { createDb } from '../../db/client.ts';
import type { Actor } from '../../worker/domain/actor.ts';
import type { Env } from '../../worker/env.ts';
import { ProblemError, problemResponse, problemType } from '../../worker/lib/problem.ts';
import type { AppEnv } from '../../worker/lib/types.ts';
import { customerRoutes } from '../../worker/routes/customers.ts';
import { dealRoutes } from '../../worker/routes/deals.ts';
import { productRoutes } from '../../worker/routes/products.ts';

/** The demo seed's people as request actors (ids from db/seed/demo.ts). */
export const ACTORS = {
  alice: { kind: 'user', userId: 'usr_demo_alice', sessionId: 's1', role: 'partner_admin', partnerId: 'prt_northwind', email: 'alice@northwind.example', name: 'Alice Northwind' },
  nick: { kind: 'user', userId: 'usr_demo_nick', sessionId: 's2', role: 'partner_rep', partnerId: 'prt_northwind', email: 'nick@northwind.example', name: 'Nick Northwind' },
  carol: { kind: 'user', userId: 'usr_demo_carol', sessionId: 's3', role: 'partner_admin', partnerId: 'prt_contoso', email: 'carol@contoso.example', name: 'Carol Contoso' },
  manager: { kind: 'user', userId: 'usr_demo_manager', sessionId: 's4', role: 'manager', partnerId: null, email: 'manager@vendor.example', name: 'Morgan Manager' },
  crm: { kind: 'token', tokenId: 'tok_crm', scopes: ['deals:read', 'customers:write'] },
} satisfies Record<string, Actor>;
export type Who = keyof typeof ACTORS;

/**
 * The deal, product and customer routers behind a stand-in for the session middleware that
 * sets the actor named by `as`. Everything else (validation, problem+json, database over
 * HTTP with round-trip tracing) is the production code path.
 */
export function dealsApp(dbUrl: string) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    c.set('db', createDb({ url: dbUrl, traceId: c.get('requestId') }));
    c.set('clientIp', '203.0.113.9');
    c.set('actor', (ACTORS as Record<string, Actor>)[c.req.header('x-test-as') ?? ''] ?? null);
    await next();
  });
  app.route('/api/v1', dealRoutes).route('/api/v1', productRoutes).route('/api/v1', customerRoutes);
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err.status, err.problem, err.headers);
    if (err instanceof HTTPException) return problemResponse(c, err.status as 400, { type: problemType('malformed-request'), detail: err.message });
    console.error(err);
    return problemResponse(c, 500, { type: problemType('internal') });
  });
  return {
    request(as: Who | null, path: string, init: RequestInit & { json?: unknown } = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) headers.set('x-test-as', as);
      if (json !== undefined) {
        headers.set('content-type', 'application/json');
        rest.body = JSON.stringify(json);
      }
      return app.request(`http://localhost${path}`, { ...rest, headers }, env as unknown as Env);
    },
  };
}

export type DealsApp = ReturnType<typeof dealsApp>;

export function dealBody(over: Record<string, unknown> = {}) {
  return {
    customerName: 'Acme Retail Ltd',
    customerDomain: 'acme.co.uk',
    contactName: 'Pat Buyer',
    contactEmail: 'pat@acme.co.uk',
    contactTitle: 'CIO',
    country: 'GB',
    products: ['prd_platform'],
    estimatedValue: 125000.5,
    currency: 'GBP',
    expectedCloseDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
    notes: 'Met at the London summit',
    ...over,
  };
}
