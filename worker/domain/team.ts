import { PARTNER_ROLES, STAFF_ROLES, type Role } from '../../db/schema/users.ts';
import type { UserActor } from './actor.ts';
import { isStaffRole } from './permissions.ts';

export interface UserChange {
  role?: Role;
  status?: 'active' | 'deactivated';
}

export interface ChangeTarget {
  id: string;
  role: Role;
  partnerId: string | null;
  status: 'active' | 'deactivated';
}

/** Why a change is refused: 403 (not yours to change), 422 (role does not fit), 409 (last admin). */
export type ChangeRefusal = { status: 403 | 409 | 422; detail: string; field?: 'role' | 'status' } | null;

/**
 * Who may change whom (the tenant scope — partner admins only see their own company — is
 * applied by the query before this):
 * - partner admins: colleagues in their company, roles rep/admin; they cannot remove the
 *   company's last active admin (typically themselves);
 * - managers: partner users only, roles rep/admin;
 * - admins: anyone; partner users keep partner roles and staff keep staff roles.
 */
export function refuseUserChange(actor: UserActor, target: ChangeTarget, change: UserChange, activeAdmins: number): ChangeRefusal {
  const targetIsStaff = isStaffRole(target.role);
  if (targetIsStaff && actor.role !== 'admin') return { status: 403, detail: 'Only admins can change vendor staff.' };
  if (change.role !== undefined) {
    const allowed: readonly Role[] = targetIsStaff ? STAFF_ROLES : PARTNER_ROLES;
    if (!allowed.includes(change.role)) {
      return { status: 422, field: 'role', detail: `This user can only have one of: ${allowed.join(', ')}.` };
    }
  }
  const removesAdmin =
    target.role === 'partner_admin' &&
    target.status === 'active' &&
    ((change.role !== undefined && change.role !== 'partner_admin') || change.status === 'deactivated');
  if (actor.role === 'partner_admin' && removesAdmin && activeAdmins <= 1) {
    return { status: 409, field: change.status === 'deactivated' ? 'status' : 'role', detail: 'Your company needs at least one active admin. Make a colleague admin first.' };
  }
  return null;
}
