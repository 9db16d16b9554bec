/**
 * Writes the OpenAPI document into the portal's static files (dist/portal/api/v1/openapi.json),
 * where the worker serves it from (GET /api/v1/openapi.json). Part of `npm run build`: run by
 * the portal's Vite build when it finishes (portal/vite.config.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_PATH } from '../worker/lib/openapi-path.ts';
import { openApiDocument } from '../worker/resources/docs/document.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const file = join(ROOT, 'dist', 'portal', ...OPENAPI_PATH.split('/').filter(Boolean));
await mkdir(dirname(file), { recursive: true });
await writeFile(file, JSON.stringify(await openApiDocument()));
