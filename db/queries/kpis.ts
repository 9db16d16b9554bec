import { and, count, countDistinct, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { BatchResponse } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { dealEvents, deals, partners } from '../schema/index.ts';

export interface MoneyTotal {
  currency: string;
  /** Exact sum in minor units. */
  minor: number;
}

export interface KpiInput {
  /** Won deals by close date in the period: sum of won amounts per currency. */
  wonRevenue: MoneyTotal[];
  /** Distinct partners with at least one won deal (close date) in the period. */
  partnersWithWonDeals: number;
  /** Decisions made in the period (timeline rows). */
  approvedDecisions: number;
  rejectedDecisions: number;
  /** Registrations approved in the period, and how many of them are won by now. */
  approvedInPeriod: number;
  approvedInPeriodWon: number;
  /** Submission → first decision, in ms, for first decisions made in the period. */
  turnaroundsMs: number[];
  /** Approved deals not yet won, lost or expired: estimated value per currency. */
  pipeline: Array<MoneyTotal & { deals: number }>;
  /** Partners in stage active or onboarding, and how many of them registered in the last 90 days. */
  activeOrOnboardingPartners: number;
  activeOrOnboardingWithRecentRegistration: number;
  /** Partner creation → its first registration, in ms, per partner with a registration. */
  firstDealDelaysMs: number[];
}

export interface KpiPeriod {
  /** [from, to) as instants, for timestamps. */
  from: Date;
  to: Date;
  /** Inclusive calendar dates (YYYY-MM-DD), for close dates. */
  fromDate: string;
  toDate: string;
  /** Start of the activation look-back window. */
  activationFrom: Date;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Sum of a money column as a float (SQLite `total`): exact while the total stays below 2^53
 * minor units, and beyond that approximate instead of an integer the client cannot represent
 * (RangeError) or that overflows SQLite's 64 bits — either would fail the whole dashboard.
 */
const moneyTotal = (column: typeof deals.wonAmountMinor | typeof deals.estimatedValueMinor) => sql<number>`total(${column})`.mapWith(num);

/**
 * Every aggregate the deal KPIs need, as statements for ONE `db.batch` (staff-only, no
 * tenant scope). Sums and counts happen in SQL; only the duration lists for the medians come
 * back row by row (one number per decision / per partner).
 */
export function kpiQueries(db: Db, period: KpiPeriod) {
  const wonInPeriod = and(eq(deals.status, 'won'), gte(deals.closeDate, period.fromDate), lte(deals.closeDate, period.toDate));
  return [
    db
      .select({ currency: deals.currency, minor: moneyTotal(deals.wonAmountMinor) })
      .from(deals)
      .where(wonInPeriod)
      .groupBy(deals.currency),
    db.select({ n: countDistinct(deals.partnerId) }).from(deals).where(wonInPeriod),
    db
      .select({ type: dealEvents.type, n: count() })
      .from(dealEvents)
      .where(and(inArray(dealEvents.type, ['deal.approved', 'deal.rejected']), gte(dealEvents.at, period.from), lt(dealEvents.at, period.to)))
      .groupBy(dealEvents.type),
    db
      .select({ approved: count(), won: sql<number>`coalesce(sum(${deals.status} = 'won'), 0)`.mapWith(num) })
      .from(deals)
      .where(and(gte(deals.approvedAt, period.from), lt(deals.approvedAt, period.to))),
    db
      .select({ ms: sql<number>`${deals.firstDecisionAt} - ${deals.submittedAt}`.mapWith(num) })
      .from(deals)
      .where(and(isNotNull(deals.firstDecisionAt), gte(deals.firstDecisionAt, period.from), lt(deals.firstDecisionAt, period.to))),
    db
      .select({ currency: deals.currency, minor: moneyTotal(deals.estimatedValueMinor), deals: count() })
      .from(deals)
      .where(eq(deals.status, 'approved'))
      .groupBy(deals.currency),
    db
      .select({
        partners: count(),
        activated: sql<number>`coalesce(sum(exists (select 1 from deals d where d.partner_id = "partners"."id" and d.created_at >= ${period.activationFrom.getTime()} and d.created_at < ${period.to.getTime()})), 0)`.mapWith(num),
      })
      .from(partners)
      .where(inArray(partners.stage, ['active', 'onboarding'])),
    db
      .select({ ms: sql<number>`min(${deals.createdAt}) - ${partners.createdAt}`.mapWith(num) })
      .from(partners)
      .innerJoin(deals, eq(deals.partnerId, partners.id))
      .groupBy(partners.id),
  ] as const;
}

type Results = BatchResponse<ReturnType<typeof kpiQueries>>;

/** The batch's results → the KPI math's input. */
export function toKpiInput([revenue, wonPartners, decisions, approved, turnarounds, pipeline, activation, firstDeals]: Results): KpiInput {
  const decided = (type: string) => decisions.find((d) => d.type === type)?.n ?? 0;
  return {
    wonRevenue: revenue.map((r) => ({ currency: r.currency, minor: r.minor })),
    partnersWithWonDeals: wonPartners[0]?.n ?? 0,
    approvedDecisions: decided('deal.approved'),
    rejectedDecisions: decided('deal.rejected'),
    approvedInPeriod: approved[0]?.approved ?? 0,
    approvedInPeriodWon: approved[0]?.won ?? 0,
    turnaroundsMs: turnarounds.map((t) => t.ms),
    pipeline: pipeline.map((p) => ({ currency: p.currency, minor: p.minor, deals: p.deals })),
    activeOrOnboardingPartners: activation[0]?.partners ?? 0,
    activeOrOnboardingWithRecentRegistration: activation[0]?.activated ?? 0,
    firstDealDelaysMs: firstDeals.map((f) => f.ms),
  };
}
