import { createClient, type Client } from '@libsql/client/http';
import { drizzle } from 'drizzle-orm/libsql/http';

export type Db = ReturnType<typeof dbOn>;

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
export function createDb(config: DbConfig) {
  return dbOn(createDbClient(config));
}

/** The libSQL client alone, for a caller that wraps it before drizzle sees it (worker/middleware/session.ts). */
export function createDbClient({ url, authToken, traceId }: DbConfig): Client {
  return createClient({
    url,
    authToken,
    // Integers beyond 2^53 must not be silently rounded.
    intMode: 'number',
    fetch: traceId ? tracingFetch(traceId) : undefined,
  });
}

/**
 * Drizzle on a libSQL client. No `schema`: nothing uses the relational query API, and with it
 * drizzle rebuilds its relational config on every call (twice per signed-in request).
 */
export function dbOn(client: Client) {
  return drizzle(client);
}

function tracingFetch(traceId: string) {
  return (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set('x-trace-id', traceId);
    return fetch(request);
  };
}
