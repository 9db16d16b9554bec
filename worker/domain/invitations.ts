import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Role } from '../../db/schema/users.ts';
import type { UserActor } from './actor.ts';
import { isStaffRole, roleCan } from './permissions.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 160 random bits in the invitation link; only its SHA-256 is stored. */
export function newInvitationToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

import type { InvitationStatus } from '../../db/schema/auth.ts';
export type { InvitationStatus };

export function invitationStatus(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: number): InvitationStatus {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  return inv.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

export type InviteDecision =
  | { ok: true; partnerId: string | null }
  | { ok: false; status: 403 | 404 | 422; detail: string; field?: 'role' | 'partnerId' };

/**
 * Who may invite whom:
 * - partner admins: colleagues (rep or admin) into their own company only;
 * - managers and admins (partners:manage): partner users — typically a company's first admin —
 *   into the partner company they name;
 * - admins (staff:manage): vendor staff (manager or admin), with no partner company.
 * Another company's id from a partner admin answers 404, as for any other tenant's object.
 */
export function decideInvite(actor: UserActor, input: { role: Role; partnerId?: string }): InviteDecision {
  if (isStaffRole(input.role)) {
    if (!roleCan(actor.role, 'staff:manage')) return { ok: false, status: 403, detail: 'Only admins can invite vendor staff.', field: 'role' };
    if (input.partnerId !== undefined) return { ok: false, status: 422, detail: 'Vendor staff do not belong to a partner company.', field: 'partnerId' };
    return { ok: true, partnerId: null };
  }
  if (actor.role === 'partner_admin') {
    if (input.partnerId !== undefined && input.partnerId !== actor.partnerId) return { ok: false, status: 404, detail: 'No partner company with this id.', field: 'partnerId' };
    return { ok: true, partnerId: actor.partnerId };
  }
  if (!roleCan(actor.role, 'partners:manage')) return { ok: false, status: 403, detail: 'Your role cannot invite partner users.' };
  if (input.partnerId === undefined) return { ok: false, status: 422, detail: 'Name the partner company to invite into.', field: 'partnerId' };
  return { ok: true, partnerId: input.partnerId };
}

/** Which invitations an actor may list or revoke: their company's (partner admins), partner ones (managers), all (admins). */
export function invitationScope(actor: UserActor): { partnerId: string } | 'partners' | 'all' {
  if (!isStaffRole(actor.role)) return { partnerId: actor.partnerId ?? '' };
  return roleCan(actor.role, 'staff:manage') ? 'all' : 'partners';
}

/** Whether an invitation into `partnerId` (null: vendor staff) lies in the scope: only then may the actor learn of it. */
export function inInvitationScope(scope: ReturnType<typeof invitationScope>, partnerId: string | null): boolean {
  if (scope === 'all') return true;
  if (scope === 'partners') return partnerId !== null;
  return partnerId === scope.partnerId;
}
