import { describe, expect, it } from 'vitest';
import { approvalExpiry, defaultExtendedExpiry, expiringHorizon, invalidExtendedExpiry, protectionDaysFor } from './expiry.ts';

const d = (iso: string) => new Date(iso);

describe('deal protection windows', () => {
  it('uses the tier benefit, else the program default', () => {
    expect(protectionDaysFor(120, 90)).toBe(120);
    expect(protectionDaysFor(null, 90)).toBe(90);
  });
  it('an approval protects for the protection days', () => {
    expect(approvalExpiry(d('2026-01-01T10:00:00Z'), 120).toISOString()).toBe('2026-05-01T10:00:00.000Z');
  });
  it('an extension adds a protection period to the current expiry, or to now when already past', () => {
    expect(defaultExtendedExpiry(d('2026-03-01T00:00:00Z'), d('2026-02-20T00:00:00Z'), 30).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(defaultExtendedExpiry(d('2026-03-01T00:00:00Z'), d('2026-03-10T00:00:00Z'), 10).toISOString()).toBe('2026-03-20T00:00:00.000Z');
  });
  it('a requested expiry must move protection forward, within two years', () => {
    const now = d('2026-02-01T00:00:00Z');
    const current = d('2026-03-01T00:00:00Z');
    expect(invalidExtendedExpiry(d('2026-04-01T00:00:00Z'), current, now)).toBeNull();
    expect(invalidExtendedExpiry(d('2026-02-15T00:00:00Z'), current, now)).toMatch(/later than the current expiry/);
    expect(invalidExtendedExpiry(d('2030-01-01T00:00:00Z'), current, now)).toMatch(/within 730 days/);
  });
  it('warns 14 days ahead', () => {
    expect(expiringHorizon(d('2026-02-01T00:00:00Z')).toISOString()).toBe('2026-02-15T00:00:00.000Z');
  });
});
