import { Hono } from 'hono';
import type { AppEnv } from '../../lib/types.ts';
import { OPENAPI_PATH } from '../../lib/openapi-path.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';

export { OPENAPI_PATH };

/**
 * The OpenAPI 3.1 document: generated at build time from the zod route definitions
 * (scripts/build-openapi.ts, ./document.ts) into the portal's static files, served from there.
 * The single-page fallback answers index.html for a missing file, hence the content-type check.
 */
export const openApiRoutes = new Hono<AppEnv>().get('/openapi.json', async (c) => {
  const file = await c.env.ASSETS?.fetch(new URL(OPENAPI_PATH, c.req.url));
  if (!file?.ok || !file.headers.get('content-type')?.includes('json')) {
    throw new ProblemError(503, { type: problemType('misconfigured'), detail: 'The OpenAPI document has not been built. Run `npm run build`.' });
  }
  return new Response(file.body, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' } });
});

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
