import type { Permission } from '../domain/permissions.ts';

/**
 * Access metadata every route declares in its OpenAPI definition (`x-access`), written by
 * `defineRoute` (worker/lib/route.ts). The tenant-isolation and role matrix test
 * (test/worker/isolation.test.ts) reads it from the OpenAPI document, so a new route is covered
 * the moment it exists — and a route without it fails that test.
 *
 * - `permission`: checked by `requirePermission` (null = public, e.g. login, health).
 * - `tenant`: the kind of partner-owned object the path id names ('deal', 'user', 'partner',
 *   'invitation', …); a user of another partner must get 404 for it. null when the path has
 *   no partner-owned id.
 */
export interface AccessMeta {
  permission: Permission | null;
  tenant: string | null;
}
