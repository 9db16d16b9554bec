import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/types.ts';
import { registerWebhookDocs } from '../../webhooks/openapi.ts';
import { OPENAPI_PATH } from '../../lib/openapi-path.ts';

export { OPENAPI_PATH };

/** Adds the OpenAPI 3.1 document, generated from the zod route definitions, to the app. */
export function registerOpenApi(app: OpenAPIHono<AppEnv>) {
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
  app.doc31(OPENAPI_PATH, (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Partner Portal API',
      version: '1.0.0',
      description:
        'JSON API of the partner portal. Errors are RFC 9457 `application/problem+json`; list endpoints use keyset pagination (`cursor`, `limit`) and answer `{items, nextCursor}`; ids are opaque strings; times are ISO 8601 UTC.',
    },
    servers: [{ url: new URL(c.req.url).origin }],
    security: [{ session: [] as string[] }, { token: [] as string[] }] as Array<Record<string, string[]>>,
  }));
}

/**
 * Interactive API docs (Swagger UI). Its assets are served from the portal's static files
 * (copied from swagger-ui-dist at build time), so the page works offline.
 */
export const docsRoutes = new Hono<AppEnv>().get(
  '/docs',
  (c) =>
    c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner Portal API</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<main id="docs" data-spec="${OPENAPI_PATH}"><p>Loading API documentation…</p></main>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/vendor/swagger-ui/init.js"></script>
</body>
</html>`),
);
