import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, addBusinessDays, businessMsBetween, nextBusinessInstant, slaStatus } from './business-time.ts';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

// 2026-11-27 is a Friday, 2026-11-28 a Saturday, 2026-11-30 a Monday.
describe('addBusinessDays', () => {
  it('counts within the week', () => {
    expect(iso(addBusinessDays(t('2026-11-23T09:00:00Z'), 2))).toBe('2026-11-25T09:00:00.000Z');
  });
  it('skips the weekend: Friday 15:00 + 2 → Tuesday 15:00', () => {
    expect(iso(addBusinessDays(t('2026-11-27T15:00:00Z'), 2))).toBe('2026-12-01T15:00:00.000Z');
  });
  it('starts the clock on Monday 00:00 when submitted on a weekend', () => {
    expect(iso(addBusinessDays(t('2026-11-28T10:00:00Z'), 2))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(addBusinessDays(t('2026-11-29T23:59:00Z'), 0))).toBe('2026-11-30T00:00:00.000Z');
  });
  it('five business days are one calendar week', () => {
    expect(iso(addBusinessDays(t('2026-11-25T12:00:00Z'), 5))).toBe('2026-12-02T12:00:00.000Z');
    expect(iso(addBusinessDays(t('2026-11-25T12:00:00Z'), 12))).toBe('2026-12-11T12:00:00.000Z');
  });
  it('rejects negative or fractional day counts', () => {
    expect(() => addBusinessDays(0, -1)).toThrow(RangeError);
    expect(() => addBusinessDays(0, 1.5)).toThrow(RangeError);
  });
});

describe('businessMsBetween', () => {
  it('counts only weekday time', () => {
    expect(businessMsBetween(t('2026-11-27T23:00:00Z'), t('2026-11-30T01:00:00Z'))).toBe(2 * HOUR_MS);
    expect(businessMsBetween(t('2026-11-28T00:00:00Z'), t('2026-11-30T00:00:00Z'))).toBe(0);
    expect(businessMsBetween(t('2026-11-23T00:00:00Z'), t('2026-12-07T00:00:00Z'))).toBe(10 * DAY_MS);
  });
  it('is zero for an empty or reversed interval', () => {
    expect(businessMsBetween(5, 5)).toBe(0);
    expect(businessMsBetween(10, 5)).toBe(0);
  });
  it('the deadline is exactly N business days of weekday time after the start (property)', () => {
    const start = Date.UTC(2020, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 * DAY_MS }), fc.integer({ min: 0, max: 30 }), (offset, days) => {
        const from = start + offset;
        const due = addBusinessDays(from, days);
        expect(businessMsBetween(from, due)).toBe(days * DAY_MS);
        expect([0, 6]).not.toContain(new Date(due).getUTCDay());
        if (days === 0) expect(due).toBe(nextBusinessInstant(from));
      }),
    );
  });
});

describe('slaStatus', () => {
  const submitted = t('2026-11-27T15:00:00Z'); // Friday; due Tuesday 15:00 with 2 days
  it('is on track early, due soon in the last quarter, overdue after the deadline', () => {
    expect(slaStatus(submitted, t('2026-11-30T10:00:00Z'), 2)).toMatchObject({ state: 'on_track', dueAt: t('2026-12-01T15:00:00Z') });
    expect(slaStatus(submitted, t('2026-12-01T04:00:00Z'), 2).state).toBe('due_soon');
    expect(slaStatus(submitted, t('2026-12-01T15:00:00Z'), 2).state).toBe('overdue');
  });
  it('reports calendar hours and business days of age', () => {
    const s = slaStatus(submitted, t('2026-11-30T15:00:00Z'), 2);
    expect(s.ageHours).toBe(72);
    expect(s.ageBusinessDays).toBe(1);
  });
  it('a weekend does not age a registration', () => {
    expect(slaStatus(t('2026-11-28T09:00:00Z'), t('2026-11-29T20:00:00Z'), 2)).toMatchObject({ ageBusinessDays: 0, state: 'on_track' });
  });
});
