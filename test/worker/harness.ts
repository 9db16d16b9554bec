import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { inject } from 'vitest';
import worker from '../../worker/index.ts';
import type { Env } from '../../worker/env.ts';
import { RESOURCES } from '../../worker/app.ts';

// The worker loads each resource's module on its first request (docs/decisions/050-lazy-resources.md).
// In the test pool every such import is a module transform, slow enough on a busy machine to eat
// a test's timeout: load them all while the test file is imported instead.
await Promise.all([import('../../worker/app-build.ts'), ...RESOURCES.map((r) => r.load())]);

export const ORIGIN = 'http://localhost:8787';

let counter = 0;

/** A fresh database for this test file, copied from the `demo` (seeded) or `empty` template. */
export async function freshDatabase(from: 'demo' | 'empty' = 'demo'): Promise<string> {
  const server = inject('dbServerUrl');
  const name = `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const res = await fetch(`${server}/-/namespaces/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from }),
  });
  if (!res.ok) throw new Error(`fresh database: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

/** How many database round trips (HTTP requests to the libSQL server) a request id caused. */
export async function roundTrips(requestId: string): Promise<number> {
  const res = await fetch(`${inject('dbServerUrl')}/-/stats?trace=${encodeURIComponent(requestId)}`);
  return ((await res.json()) as { requests: number }).requests;
}

export interface TestApp {
  env: Env;
  /** Calls the real worker's fetch handler (same module as production) inside workerd. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export function testApp(dbUrl: string, overrides: Partial<Env> = {}): TestApp {
  const testEnv = { ...(env as unknown as Env), TURSO_DATABASE_URL: dbUrl, ...overrides };
  return {
    env: testEnv,
    async request(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) {
        headers.set('content-type', 'application/json');
        rest.body = JSON.stringify(json);
      }
      const method = (rest.method ?? 'GET').toUpperCase();
      // Same-origin writes, like the portal's own fetches (CSRF protection checks Origin).
      if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', ORIGIN);
      const ctx = createExecutionContext();
      const res = await worker.fetch!(new Request(`${ORIGIN}${path}`, { ...rest, headers }) as never, testEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res as unknown as Response;
    },
  };
}

/** Every demo account's password (db/seed/demo.ts). */
export const DEMO_PASSWORD = 'demo-password-1';

/**
 * Signs in through POST /api/v1/auth/login and returns the headers that carry the session
 * (a `cookie` header) for later `app.request(path, { headers })` calls.
 */
export async function signIn(app: TestApp, email: string, password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const res = await app.request('/api/v1/auth/login', { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0]!;
  return { cookie: pair };
}
