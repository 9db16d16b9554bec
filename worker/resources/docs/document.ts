import { OpenAPIHono } from '@hono/zod-openapi';
import { API_BASE, RESOURCES, type LazyResource } from '../../app.ts';
import type { AppEnv } from '../../lib/types.ts';
import { registerWebhookDocs } from '../../webhooks/openapi.ts';

/**
 * The OpenAPI 3.1 document, generated from the zod route definitions of every resource router.
 * Runs at build time (scripts/build-openapi.ts writes it into the portal's static files) and in
 * tests; the deployed worker serves that file and carries no generator (see the `[alias]`
 * section of wrangler.toml).
 */
export async function openApiDocument(resources: readonly LazyResource[] = RESOURCES) {
  const app = new OpenAPIHono<AppEnv>();
  const routers = await Promise.all(resources.map((r) => r.load()));
  resources.forEach((r, i) => app.route(r.base ?? API_BASE, routers[i]!));
  registerWebhookDocs(app);
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'session',
    description: 'Portal session cookie set by POST /api/v1/auth/login (`__Host-session` outside local development).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', {
    type: 'http',
    scheme: 'bearer',
    description: 'Integration token created by an admin (scoped, e.g. `deals:read`).',
  });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Partner Portal API',
      version: '1.0.0',
      description:
        'JSON API of the partner portal. Errors are RFC 9457 `application/problem+json`; list endpoints use keyset pagination (`cursor`, `limit`) and answer `{items, nextCursor}`; ids are opaque strings; times are ISO 8601 UTC.',
    },
    // Relative: the paths already start with /api/v1, and the same file serves every deployment.
    servers: [{ url: '/' }],
    security: [{ session: [] as string[] }, { token: [] as string[] }] as Array<Record<string, string[]>>,
  });
}
