import type { DealScope } from '../../../db/queries/deals.ts';
import type { Actor } from '../../domain/actor.ts';
import { isStaffRole } from '../../domain/permissions.ts';

/** Staff and integration tokens see and filter every deal; partner users only their tenant's. */
export const isStaffActor = (actor: Actor) => actor.kind === 'token' || isStaffRole(actor.role);

/**
 * Which deals an actor may see: reps their own registrations, partner admins their company's,
 * staff and integration tokens all. Always from the session, never from the request.
 */
export function dealScopeFor(actor: Actor): DealScope {
  if (actor.kind === 'token' || isStaffRole(actor.role)) return null;
  return { partnerId: actor.partnerId ?? '', createdBy: actor.role === 'partner_admin' ? null : actor.userId };
}
