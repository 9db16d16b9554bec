import { OpenAPIHono } from '@hono/zod-openapi';
import './lib/zod-messages.ts';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { createDb } from '../db/client.ts';
import { jsonLogger, log } from './middleware/logger.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { isDatabaseUnavailable } from './lib/db-errors.ts';
import { ProblemError, problemResponse, problemType } from './lib/problem.ts';
import type { AppEnv } from './lib/types.ts';
import { healthRoutes } from './resources/health/routes.ts';
import { docsRoutes, registerOpenApi } from './resources/docs/routes.ts';
import { csrf } from './middleware/csrf.ts';
import { apiBodyLimit } from './middleware/body-limit.ts';
import { authenticate } from './middleware/session.ts';
import { enqueueEmitted } from './events/emit.ts';
import { authRoutes } from './resources/auth/routes.ts';
import { meRoutes } from './resources/auth/me-routes.ts';
import { invitationRoutes } from './resources/invitations/routes.ts';
import { partnerRoutes } from './resources/partners/routes.ts';
import { userRoutes } from './resources/users/routes.ts';
import { teamRoutes } from './resources/team/routes.ts';
import { tokenRoutes } from './resources/tokens/routes.ts';
import { auditRoutes } from './resources/audit/routes.ts';
import { dealDecisionRoutes } from './resources/deals/decision-routes.ts';
import { settingsRoutes } from './resources/settings/routes.ts';
import { kpiRoutes } from './resources/kpis/routes.ts';
import { dealRoutes } from './resources/deals/routes.ts';
import { dealSummaryRoutes } from './resources/deals/summary-routes.ts';
import { productRoutes } from './resources/products/routes.ts';
import { customerRoutes } from './resources/customers/routes.ts';
import { webhookEndpointRoutes } from './resources/webhooks/routes.ts';
import { notificationRoutes } from './resources/notifications/routes.ts';
import { accountRoutes } from './resources/auth/account-routes.ts';
import { passwordResetRoutes } from './resources/auth/reset-routes.ts';

/**
 * The Hono app: request id → logs → secure headers → database → (session/token → actor) → routes.
 * Every error leaves as RFC 9457 problem+json.
 */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(jsonLogger());
  app.use(securityHeaders());
  app.use('/api/*', async (c, next) => {
    c.set('actor', null);
    c.set('clientIp', c.req.header('cf-connecting-ip') ?? null);
    c.set(
      'db',
      createDb({
        url: c.env.TURSO_DATABASE_URL,
        authToken: c.env.TURSO_AUTH_TOKEN,
        traceId: c.env.DB_TRACE === '1' ? c.get('requestId') : undefined,
      }),
    );
    await next();
  });
  app.use('/api/*', apiBodyLimit());
  app.use('/api/*', csrf());
  app.use('/api/*', authenticate());
  app.use('/api/*', enqueueEmitted());

  const api = app
    .route('/api/v1', healthRoutes)
    .route('/api/v1', authRoutes)
    .route('/api/v1', meRoutes)
    .route('/api/v1', invitationRoutes)
    .route('/api/v1', partnerRoutes)
    .route('/api/v1', userRoutes)
    .route('/api/v1', teamRoutes)
    .route('/api/v1', tokenRoutes)
    .route('/api/v1', auditRoutes)
    // Before the deals router: /deals/queue and /deals/bulk-decisions must not match /deals/{id}.
    .route('/api/v1', dealDecisionRoutes)
    .route('/api/v1', dealSummaryRoutes)
    .route('/api/v1', settingsRoutes)
    .route('/api/v1', kpiRoutes)
    .route('/api/v1', dealRoutes)
    .route('/api/v1', productRoutes)
    .route('/api/v1', customerRoutes)
    .route('/api/v1', webhookEndpointRoutes)
    .route('/api/v1', notificationRoutes)
    .route('/api/v1', accountRoutes)
    .route('/api/v1', passwordResetRoutes)
    .route('/api', docsRoutes);

  registerOpenApi(app);

  app.notFound((c) =>
    problemResponse(c, 404, {
      type: problemType('not-found'),
      detail: `No route for ${c.req.method} ${c.req.path}`,
    }),
  );

  app.onError((err, c) => {
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
  });

  return api;
}

export type AppType = ReturnType<typeof createApp>;
