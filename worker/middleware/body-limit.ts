import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problemResponse, problemType } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';

/**
 * The largest request body the API reads: 1 MiB. Enough for the largest legitimate bodies (a
 * 1,000-item customer upsert, a CSV import, whose route caps the file at 1 MB itself), and
 * it keeps a request from making the worker buffer and parse arbitrary amounts of data.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * 413 problem+json for bodies over `maxSize` bytes, judged by Content-Length when present and
 * while streaming otherwise (chunked uploads).
 *
 * @example app.use('/api/*', apiBodyLimit())
 */
export function apiBodyLimit(maxSize = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize,
    onError: (c) =>
      problemResponse(c, 413, {
        type: problemType('too-large'),
        detail: `Request bodies are limited to ${maxSize} bytes.`,
      }),
  });
  // Content uploads stream into R2 under their own limit (worker/resources/content/).
  return (c, next) => (isContentUpload(c.req.method, c.req.path) ? next() : limit(c, next));
}

const CONTENT_UPLOAD = /^\/api\/v1\/content(\/[^/]+\/versions|\/uploads\/[^/]+\/parts\/[^/]+)?$/;
const isContentUpload = (method: string, path: string) => (method === 'POST' || method === 'PUT') && CONTENT_UPLOAD.test(path);
