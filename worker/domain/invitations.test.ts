import { describe, expect, it } from 'vitest';
import type { UserActor } from './actor.ts';
import { decideInvite, invitationScope, invitationStatus } from './invitations.ts';

const actor = (role: UserActor['role'], partnerId: string | null = null): UserActor => ({ kind: 'user', userId: 'u', sessionId: 's', role, partnerId, email: 'e', name: 'n' });

describe('decideInvite', () => {
  it('partner admins invite colleagues into their own company only', () => {
    expect(decideInvite(actor('partner_admin', 'p1'), { role: 'partner_rep' })).toEqual({ ok: true, partnerId: 'p1' });
    expect(decideInvite(actor('partner_admin', 'p1'), { role: 'partner_admin', partnerId: 'p1' })).toEqual({ ok: true, partnerId: 'p1' });
    expect(decideInvite(actor('partner_admin', 'p1'), { role: 'partner_rep', partnerId: 'p2' })).toMatchObject({ ok: false, status: 404 });
    expect(decideInvite(actor('partner_admin', 'p1'), { role: 'admin' })).toMatchObject({ ok: false, status: 403 });
  });

  it('managers invite partner users into a named company; only admins invite staff', () => {
    expect(decideInvite(actor('manager'), { role: 'partner_admin', partnerId: 'p2' })).toEqual({ ok: true, partnerId: 'p2' });
    expect(decideInvite(actor('manager'), { role: 'partner_admin' })).toMatchObject({ ok: false, status: 422, field: 'partnerId' });
    expect(decideInvite(actor('manager'), { role: 'manager' })).toMatchObject({ ok: false, status: 403 });
    expect(decideInvite(actor('admin'), { role: 'manager' })).toEqual({ ok: true, partnerId: null });
    expect(decideInvite(actor('admin'), { role: 'admin', partnerId: 'p1' })).toMatchObject({ ok: false, status: 422 });
  });
});

describe('invitation status and scope', () => {
  it('derives the status from the timestamps', () => {
    const base = { acceptedAt: null, revokedAt: null, expiresAt: new Date(2000) };
    expect(invitationStatus(base, 1000)).toBe('pending');
    expect(invitationStatus(base, 2000)).toBe('expired');
    expect(invitationStatus({ ...base, revokedAt: new Date(1) }, 1000)).toBe('revoked');
    expect(invitationStatus({ ...base, acceptedAt: new Date(1) }, 3000)).toBe('accepted');
  });

  it('scopes partner admins to their company, managers to partner invitations, admins to all', () => {
    expect(invitationScope(actor('partner_admin', 'p1'))).toEqual({ partnerId: 'p1' });
    expect(invitationScope(actor('manager'))).toBe('partners');
    expect(invitationScope(actor('admin'))).toBe('all');
  });
});
