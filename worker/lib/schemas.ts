import { z } from '@hono/zod-openapi';
import { CURSOR_MAX_LENGTH } from './page-limits.ts';

export const FieldErrorSchema = z
  .object({
    field: z.string().openapi({ example: 'customerDomain' }),
    message: z.string(),
    code: z.string().optional(),
  })
  .openapi('FieldError');

/** RFC 9457 problem details, as every error response. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .passthrough()
  .openapi('Problem');

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } } as const;

/** Standard error responses to spread into a route's `responses`. */
export const errorResponses = {
  400: { description: 'Malformed request or invalid query parameters', content: problemContent },
  401: { description: 'Not signed in', content: problemContent },
  403: { description: 'Not allowed for this role or token scope', content: problemContent },
  404: { description: 'Not found (or not visible to you)', content: problemContent },
  422: { description: 'Validation failed; `errors` lists each invalid field', content: problemContent },
} as const;

/** `?cursor=`: the opaque nextCursor of the previous page (worker/lib/cursor.ts). */
export const CursorParam = z.string().max(CURSOR_MAX_LENGTH).optional().openapi({ description: 'Opaque cursor from the previous page' });

/** Keyset pagination query (`?cursor=&limit=`). */
export const PageQuerySchema = z.object({
  cursor: CursorParam,
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: 'Page size (1–100, default 25)' }),
});

export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({ items: z.array(item), nextCursor: z.string().nullable() })
    .openapi(name);
}

export const IsoDateTime = z.iso.datetime().openapi({ example: '2026-11-26T12:00:00.000Z' });
export const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) });
