import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.ts';
import { dealScopeFor, isStaffActor } from './rules.ts';

const user = (role: 'partner_rep' | 'partner_admin' | 'manager' | 'admin', partnerId: string | null): Actor => ({
  kind: 'user',
  userId: 'usr_1',
  sessionId: 'ses_1',
  role,
  partnerId,
  email: 'x@example.com',
  name: 'X',
});

describe('which deals an actor sees', () => {
  it('reps: their own registrations; partner admins: their company; staff and tokens: all', () => {
    expect(dealScopeFor(user('partner_rep', 'ptr_a'))).toEqual({ partnerId: 'ptr_a', createdBy: 'usr_1' });
    expect(dealScopeFor(user('partner_admin', 'ptr_a'))).toEqual({ partnerId: 'ptr_a', createdBy: null });
    expect(dealScopeFor(user('manager', null))).toBeNull();
    expect(dealScopeFor(user('admin', null))).toBeNull();
    expect(dealScopeFor({ kind: 'token', tokenId: 'tok_1', scopes: ['deals:read'] })).toBeNull();
  });

  it('a partner user without a company sees nothing rather than everything', () => {
    expect(dealScopeFor(user('partner_admin', null))).toEqual({ partnerId: '', createdBy: null });
  });

  it('staff-only filters apply to staff and tokens only', () => {
    expect(isStaffActor(user('manager', null))).toBe(true);
    expect(isStaffActor({ kind: 'token', tokenId: 'tok_1', scopes: [] })).toBe(true);
    expect(isStaffActor(user('partner_admin', 'ptr_a'))).toBe(false);
  });
});
