import type { KpiInput } from '../../db/queries/kpis.ts';
// The queries' answer shape lives with the queries (db/queries/kpis.ts).
export type { KpiInput, MoneyTotal } from '../../db/queries/kpis.ts';
import { DAY_MS, HOUR_MS } from './business-time.ts';
import { fromMinor } from './money.ts';

/**
 * Program KPI math, exactly as defined in PRODUCT.md (the deal-based ones). The database
 * aggregates (sums, counts) and lists the durations; these functions turn them into the
 * figures the dashboard shows. Money never mixes currencies: amounts are per currency.
 */

/** n ÷ d, or null when there is nothing to divide by (shown as "—", not as 0 %). */
export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

/** Median of a list (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;


export interface Amount {
  currency: string;
  amount: number;
}

export interface Kpis {
  partnerSourcedRevenue: Amount[];
  revenuePerPartner: Amount[];
  partnersWithWonDeals: number;
  approvalRate: { value: number | null; approved: number; rejected: number };
  registrationConversion: { value: number | null; won: number; approved: number };
  approvalTurnaroundHours: { median: number | null; decisions: number };
  jointPipeline: Array<Amount & { deals: number }>;
  partnerActivationRate: { value: number | null; activated: number; partners: number };
  timeToFirstDealDays: { median: number | null; partners: number };
}

const byCurrency = <T extends { currency: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.currency.localeCompare(b.currency));

export function computeKpis(input: KpiInput): Kpis {
  const revenue = byCurrency(input.wonRevenue);
  const turnaround = median(input.turnaroundsMs);
  const firstDeal = median(input.firstDealDelaysMs);
  return {
    partnerSourcedRevenue: revenue.map(({ currency, minor }) => ({ currency, amount: fromMinor(minor, currency) })),
    // Per currency: that currency's revenue ÷ all partners with a won deal, rounded to the minor unit.
    revenuePerPartner:
      input.partnersWithWonDeals === 0
        ? []
        : revenue.map(({ currency, minor }) => ({ currency, amount: fromMinor(Math.round(minor / input.partnersWithWonDeals), currency) })),
    partnersWithWonDeals: input.partnersWithWonDeals,
    approvalRate: {
      value: ratio(input.approvedDecisions, input.approvedDecisions + input.rejectedDecisions),
      approved: input.approvedDecisions,
      rejected: input.rejectedDecisions,
    },
    registrationConversion: {
      value: ratio(input.approvedInPeriodWon, input.approvedInPeriod),
      won: input.approvedInPeriodWon,
      approved: input.approvedInPeriod,
    },
    approvalTurnaroundHours: { median: turnaround === null ? null : round(turnaround / HOUR_MS, 1), decisions: input.turnaroundsMs.length },
    jointPipeline: byCurrency(input.pipeline).map(({ currency, minor, deals }) => ({ currency, amount: fromMinor(minor, currency), deals })),
    partnerActivationRate: {
      value: ratio(input.activeOrOnboardingWithRecentRegistration, input.activeOrOnboardingPartners),
      activated: input.activeOrOnboardingWithRecentRegistration,
      partners: input.activeOrOnboardingPartners,
    },
    timeToFirstDealDays: { median: firstDeal === null ? null : round(firstDeal / DAY_MS, 1), partners: input.firstDealDelaysMs.length },
  };
}

/** Activation looks back this many days from the end of the period. */
export const ACTIVATION_WINDOW_DAYS = 90;
