import { createClient } from '@libsql/client/http';
import { drizzle } from 'drizzle-orm/libsql/http';

export type Db = ReturnType<typeof createDb>;

export interface DbConfig {
  url: string;
  authToken?: string;
  /** Tags each HTTP request with this id (header x-trace-id) so the local server can count round trips. */
  traceId?: string;
}

/**
 * Drizzle over `@libsql/client/http` (the HTTP-only client: no WebSocket code in the bundle): plain HTTP to Turso in production and to the local
 * libSQL server in development and tests — one code path.
 */
export function createDb({ url, authToken, traceId }: DbConfig) {
  const client = createClient({
    url,
    authToken,
    // Integers beyond 2^53 must not be silently rounded.
    intMode: 'number',
    fetch: traceId ? tracingFetch(traceId) : undefined,
  });
  // No `schema`: nothing uses the relational query API, and with it drizzle rebuilds its
  // relational config on every call (twice per signed-in request).
  return drizzle(client);
}

function tracingFetch(traceId: string) {
  return (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set('x-trace-id', traceId);
    return fetch(request);
  };
}
