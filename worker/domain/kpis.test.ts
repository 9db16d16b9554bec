import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from './business-time.ts';
import { computeKpis, median, ratio, type KpiInput } from './kpis.ts';

const empty: KpiInput = {
  wonRevenue: [],
  partnersWithWonDeals: 0,
  approvedDecisions: 0,
  rejectedDecisions: 0,
  approvedInPeriod: 0,
  approvedInPeriodWon: 0,
  turnaroundsMs: [],
  pipeline: [],
  activeOrOnboardingPartners: 0,
  activeOrOnboardingWithRecentRegistration: 0,
  firstDealDelaysMs: [],
};

describe('KPI helpers', () => {
  it('median of odd and even counts, null when empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });
  it('ratio is null without a denominator', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('computeKpis on a fixed program', () => {
  const kpis = computeKpis({
    // Won in the period: EUR 10,000.00 + 2,500.50 (two partners), JPY 1,000,000 (one of them).
    wonRevenue: [
      { currency: 'JPY', minor: 1_000_000 },
      { currency: 'EUR', minor: 1_250_050 },
    ],
    partnersWithWonDeals: 2,
    approvedDecisions: 6,
    rejectedDecisions: 2,
    approvedInPeriod: 5,
    approvedInPeriodWon: 2,
    turnaroundsMs: [10 * HOUR_MS, 30 * HOUR_MS, 2 * HOUR_MS, 50 * HOUR_MS],
    pipeline: [{ currency: 'EUR', minor: 9_999_999, deals: 3 }],
    activeOrOnboardingPartners: 4,
    activeOrOnboardingWithRecentRegistration: 3,
    firstDealDelaysMs: [12 * DAY_MS, 40 * DAY_MS, 3 * DAY_MS],
  });

  it('partner-sourced revenue: exact sums per currency, in major units', () => {
    expect(kpis.partnerSourcedRevenue).toEqual([
      { currency: 'EUR', amount: 12500.5 },
      { currency: 'JPY', amount: 1_000_000 },
    ]);
  });
  it('revenue per partner: revenue ÷ partners with a won deal, rounded to the minor unit', () => {
    expect(kpis.revenuePerPartner).toEqual([
      { currency: 'EUR', amount: 6250.25 },
      { currency: 'JPY', amount: 500_000 },
    ]);
  });
  it('approval rate: approved ÷ (approved + rejected)', () => {
    expect(kpis.approvalRate).toEqual({ value: 0.75, approved: 6, rejected: 2 });
  });
  it('registration conversion: won ÷ approved, for approvals in the period', () => {
    expect(kpis.registrationConversion).toEqual({ value: 0.4, won: 2, approved: 5 });
  });
  it('approval turnaround: median hours to first decision', () => {
    expect(kpis.approvalTurnaroundHours).toEqual({ median: 20, decisions: 4 });
  });
  it('joint pipeline: estimated value of open approved deals', () => {
    expect(kpis.jointPipeline).toEqual([{ currency: 'EUR', amount: 99999.99, deals: 3 }]);
  });
  it('partner activation rate and time to first deal', () => {
    expect(kpis.partnerActivationRate).toEqual({ value: 0.75, activated: 3, partners: 4 });
    expect(kpis.timeToFirstDealDays).toEqual({ median: 12, partners: 3 });
  });
});

describe('an empty program', () => {
  it('answers nulls and empty lists, never NaN', () => {
    const kpis = computeKpis(empty);
    expect(kpis.revenuePerPartner).toEqual([]);
    expect(kpis.approvalRate.value).toBeNull();
    expect(kpis.registrationConversion.value).toBeNull();
    expect(kpis.approvalTurnaroundHours.median).toBeNull();
    expect(kpis.partnerActivationRate.value).toBeNull();
    expect(kpis.timeToFirstDealDays.median).toBeNull();
    expect(JSON.stringify(kpis)).not.toContain('NaN');
  });
});
