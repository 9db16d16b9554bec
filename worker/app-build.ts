import { Hono, type Context, type ErrorHandler, type MiddlewareHandler, type Next } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { API_BASE, type LazyResource, type Router } from './app.ts';
import { jsonLogger, log } from './middleware/logger.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { isDatabaseUnavailable } from './lib/db-errors.ts';
import { ProblemError, problemResponse, problemType } from './lib/problem.ts';
import type { AppEnv } from './lib/types.ts';
import { csrf } from './middleware/csrf.ts';
import { apiBodyLimit } from './middleware/body-limit.ts';
import { authenticate } from './middleware/session.ts';
import { enqueueEmitted } from './events/emit.ts';

/**
 * Builds the app that answers one combination of resources (worker/app.ts picks it): the full
 * middleware stack, those routers in table order, problem+json errors. Loaded with the first
 * request, like the routers, so worker startup evaluates none of it.
 */
export async function buildApp(resources: readonly LazyResource[], key: string): Promise<Router> {
  const chosen = key === '' ? [] : key.split(',').map((i) => resources[Number(i)]!);
  const routers = await Promise.all(chosen.map((r) => r.load()));
  const app: Router = new Hono<AppEnv>();
  useMiddleware(app, errorResponse);
  chosen.forEach((r, i) => app.route(r.base ?? API_BASE, routers[i]!));
  app.notFound((c) =>
    problemResponse(c, 404, {
      type: problemType('not-found'),
      detail: `No route for ${c.req.method} ${c.req.path}`,
    }),
  );
  app.onError(errorResponse);
  return app;
}

/**
 * Request id → log line → security headers → (/api only) body limit → CSRF → session/token
 * and the request's database → outbox enqueue, as ONE middleware that calls the others
 * directly. Eight `app.use()` entries cost eight router matches and compose dispatches on every
 * request, about a seventh of the pre-check's own CPU (docs/benchmarks.md). Errors thrown by the
 * inner ones are turned into their problem+json answer inside the security headers, so an error
 * still leaves with the headers, the request id and its log line, as with one dispatch each.
 */
function useMiddleware(app: Router, onError: ErrorHandler<AppEnv>) {
  const outer = [requestId({ headerName: 'X-Request-Id' }), jsonLogger(), securityHeaders()];
  const api = [apiBodyLimit(), csrf(), authenticate(), enqueueEmitted()];
  app.use(
    (c, next) =>
      inOrder(c, outer, async () => {
        if (!isApi(c.req.path)) return next();
        try {
          setApiContext(c);
          // The body limit answers an oversized body by returning its 413, not by setting c.res.
          const res = await inOrder(c, api, next);
          if (res instanceof Response) c.res = res;
        } catch (err) {
          if (!(err instanceof Error)) throw err;
          c.error = err;
          c.res = await onError(err, c);
        }
      }) as Promise<void>,
  );
}

/** Calls `steps` in order, each one's `next` being the rest and finally `last`; resolves to what the first one returns. */
function inOrder(c: Context<AppEnv>, steps: readonly MiddlewareHandler<AppEnv>[], last: () => Promise<unknown>): Promise<unknown> {
  // Each step resolves to a Response or nothing; `Next` is typed as void only.
  return steps.reduceRight<() => Promise<unknown>>((rest, step) => () => step(c, rest as Next), last)();
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/** What every API request starts with; its database comes from `authenticate()` (one client, one drizzle). */
function setApiContext(c: Context<AppEnv>) {
  c.set('actor', null);
  c.set('clientIp', c.req.header('cf-connecting-ip') ?? null);
}

/** Every error leaves as RFC 9457 problem+json. */
const errorResponse: ErrorHandler<AppEnv> = (err, c) => {
  // Drizzle wraps errors thrown inside a query (e.g. a rejected session) as the `cause`.
  if (err.cause instanceof ProblemError) err = err.cause;
  if (err instanceof ProblemError) return problemResponse(c, err.status, err.problem, err.headers);
  if (err instanceof HTTPException) {
    // Hono raises these for malformed JSON bodies and similar protocol errors.
    return problemResponse(c, err.status as 400, {
      type: problemType(err.status === 400 ? 'malformed-request' : 'http-error'),
      detail: err.message || undefined,
    });
  }
  if (isDatabaseUnavailable(err)) {
    log('error', 'database unavailable', { requestId: c.get('requestId'), path: c.req.path, error: String(err) });
    return problemResponse(
      c,
      503,
      { type: problemType('database-unreachable'), detail: 'The database did not answer. Try again shortly (deal registrations are safe to retry with the same Idempotency-Key).' },
      { 'retry-after': '5' },
    );
  }
  log('error', 'unhandled error', {
    requestId: c.get('requestId'),
    path: c.req.path,
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  // Internals (messages, stacks, SQL) stay in the logs, never in the response.
  return problemResponse(c, 500, {
    type: problemType('internal'),
    detail: 'Something went wrong on our side. Quote the request id when contacting support.',
  });
};
