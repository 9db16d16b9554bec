import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, expiringHorizon, expiryOf, isExpiredOn, isRealDate, isValidOn, recordRefusal, trailingYearStart } from './rules.ts';

describe('certification dates', () => {
  it('adds calendar months, clamped to the month end', () => {
    expect(addMonths('2026-01-15', 24)).toBe('2028-01-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -12)).toBe('2025-03-31');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('expiresAt = earnedOn + validity; null validity never expires', () => {
    expect(expiryOf('2026-05-10', 12)).toBe('2027-05-10');
    expect(expiryOf('2026-05-10', null)).toBeNull();
  });

  it('is valid through its expiry day and expired from the next day', () => {
    expect(isValidOn('2026-06-30', '2026-06-29')).toBe(true);
    expect(isValidOn('2026-06-30', '2026-06-30')).toBe(true);
    expect(isValidOn('2026-06-30', '2026-07-01')).toBe(false);
    expect(isExpiredOn('2026-06-30', '2026-07-01')).toBe(true);
    expect(isValidOn(null, '2999-01-01')).toBe(true);
  });

  it('warns 30 days ahead and counts revenue over the trailing 12 months, both ends inclusive', () => {
    expect(expiringHorizon('2026-01-01')).toBe('2026-01-31');
    expect(trailingYearStart('2026-12-01')).toBe('2025-12-02');
    expect(trailingYearStart('2026-03-01')).toBe('2025-03-02');
  });

  it('recognises real calendar dates only', () => {
    expect(isRealDate('2026-02-28')).toBe(true);
    expect(isRealDate('2026-02-30')).toBe(false);
    expect(isRealDate('2026-2-3')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
  });

  it('a later earned date always expires no earlier (renewals extend)', () => {
    const day = fc.integer({ min: 0, max: 20_000 }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 60 }), (a, b, months) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addMonths(late, months) >= addMonths(early, months)).toBe(true);
        expect(addMonths(early, months) > early).toBe(true);
      }),
    );
  });
});

describe('recordRefusal', () => {
  const nick = { id: 'u_nick', partnerId: 'p_nw', status: 'active' };
  it('lets a rep record only their own, a partner admin their teammates, staff anyone', () => {
    expect(recordRefusal({ role: 'partner_rep', userId: 'u_nick', partnerId: 'p_nw' }, nick)).toBeNull();
    expect(recordRefusal({ role: 'partner_rep', userId: 'u_other', partnerId: 'p_nw' }, nick)).toBe('not_yours');
    expect(recordRefusal({ role: 'partner_admin', userId: 'u_alice', partnerId: 'p_nw' }, nick)).toBeNull();
    expect(recordRefusal({ role: 'partner_admin', userId: 'u_carol', partnerId: 'p_ct' }, nick)).toBe('unknown_user');
    expect(recordRefusal({ role: 'manager', userId: 'u_m', partnerId: null }, nick)).toBeNull();
  });
  it('refuses staff, deactivated and unknown holders', () => {
    expect(recordRefusal({ role: 'manager', userId: 'u_m', partnerId: null }, { id: 'u_s', partnerId: null, status: 'active' })).toBe('unknown_user');
    expect(recordRefusal({ role: 'partner_admin', userId: 'u_a', partnerId: 'p_nw' }, { ...nick, status: 'deactivated' })).toBe('unknown_user');
    expect(recordRefusal({ role: 'manager', userId: 'u_m', partnerId: null }, undefined)).toBe('unknown_user');
  });
});
