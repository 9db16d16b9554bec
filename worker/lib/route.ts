import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { Permission } from '../domain/permissions.ts';
import { requirePermission } from '../middleware/auth.ts';
import type { AccessMeta } from './access.ts';

/**
 * One route, its permission declared once: the OpenAPI `x-access` metadata (read by the
 * isolation matrix test and docs/permissions.md) and the `requirePermission` guard both come
 * from `access`. `permission: null` marks a public route (login, health): no guard.
 *
 * - `tenant`: the kind of partner-owned object the path id names ('deal', 'user', …); a user of
 *   another partner must get 404 for it. null when the path names no partner-owned object.
 *
 * @example
 *   const getDeal = defineRoute({ permission: 'deals:read', tenant: 'deal' }, {
 *     method: 'get', path: '/deals/{id}', tags: ['Deals'], summary: 'One deal',
 *     request: { params: IdParam }, responses: { 200: { description: 'The deal', content: json(DealSchema) }, ...errorResponses },
 *   });
 */
export function defineRoute<P extends string, R extends Omit<RouteConfig, 'path' | 'middleware'> & { path: P }>(
  access: { permission: Permission | null; tenant?: string | null },
  config: R,
) {
  const { permission, tenant = null } = access;
  return createRoute({
    ...config,
    'x-access': { permission, tenant } satisfies AccessMeta,
    middleware: (permission ? [requirePermission(permission)] : []) as [],
  });
}

/** `content` of a JSON request or response body. */
export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } }) as const;
