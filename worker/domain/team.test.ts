import { describe, expect, it } from 'vitest';
import type { UserActor } from './actor.ts';
import { refuseUserChange, type ChangeTarget } from './team.ts';

const actor = (role: UserActor['role'], partnerId: string | null = null): UserActor => ({ kind: 'user', userId: 'me', sessionId: 's', role, partnerId, email: 'e', name: 'n' });
const rep: ChangeTarget = { id: 'u1', role: 'partner_rep', partnerId: 'p1', status: 'active' };
const self: ChangeTarget = { id: 'me', role: 'partner_admin', partnerId: 'p1', status: 'active' };
const staff: ChangeTarget = { id: 'u2', role: 'manager', partnerId: null, status: 'active' };

describe('refuseUserChange', () => {
  it('keeps partner users in partner roles and staff in staff roles', () => {
    expect(refuseUserChange(actor('partner_admin', 'p1'), rep, { role: 'partner_admin' }, 1)).toBeNull();
    expect(refuseUserChange(actor('partner_admin', 'p1'), rep, { role: 'admin' }, 1)).toMatchObject({ status: 422, field: 'role' });
    expect(refuseUserChange(actor('admin'), staff, { role: 'partner_rep' }, 0)).toMatchObject({ status: 422 });
    expect(refuseUserChange(actor('admin'), staff, { role: 'admin' }, 0)).toBeNull();
  });

  it('lets only admins change staff', () => {
    expect(refuseUserChange(actor('manager'), staff, { status: 'deactivated' }, 0)).toMatchObject({ status: 403 });
    expect(refuseUserChange(actor('manager'), rep, { status: 'deactivated' }, 1)).toBeNull();
  });

  it('keeps one active admin per company when a partner admin changes things', () => {
    expect(refuseUserChange(actor('partner_admin', 'p1'), self, { role: 'partner_rep' }, 1)).toMatchObject({ status: 409, field: 'role' });
    expect(refuseUserChange(actor('partner_admin', 'p1'), self, { status: 'deactivated' }, 1)).toMatchObject({ status: 409, field: 'status' });
    expect(refuseUserChange(actor('partner_admin', 'p1'), self, { status: 'deactivated' }, 2)).toBeNull();
    expect(refuseUserChange(actor('partner_admin', 'p1'), self, { status: 'active' }, 1)).toBeNull();
  });
});
