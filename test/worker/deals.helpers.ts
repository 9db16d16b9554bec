import { testApp } from './harness.ts';
import { personas, type Persona } from './personas.ts';

export type Who = Persona;

/**
 * The real worker (session/token middleware, CSRF, routing) for one database; `as` names a
 * demo persona whose credentials come from the real login and tokens routes.
 */
export function dealsApp(dbUrl: string) {
  const app = testApp(dbUrl);
  const who = personas(app);
  return {
    async request(as: Who | null, path: string, init: RequestInit & { json?: unknown } = {}) {
      const headers = new Headers(init.headers);
      if (as) for (const [k, v] of Object.entries(await who.headersFor(as))) headers.set(k, v);
      return app.request(path, { ...init, headers });
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
