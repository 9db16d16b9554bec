import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, sum } from 'drizzle-orm';
import type { BatchResponse } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { dealEvents, deals } from '../schema/index.ts';
import { dealScope, type DealScope } from './deals.ts';

export interface DealSummaryLimits {
  /** Timeline event types that count as a manager's decision. */
  decisionEvents: readonly string[];
  /** How many expiring deals and latest decisions to list. */
  expiringListMax: number;
  latestDecisions: number;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Everything the deals summary needs, as statements for ONE `db.batch`, each scoped exactly
 * like the deals list (`dealScope`: reps their own, partner admins their company, staff all).
 * Counts and sums happen in SQL; only the short lists come back row by row.
 */
export function dealSummaryQueries(db: Db, visible: DealScope, now: Date, windowDays: number, limits: DealSummaryLimits) {
  const scope = dealScope(visible);
  const approved = and(scope, eq(deals.status, 'approved'));
  const expiring = and(approved, gte(deals.expiresAt, now), lt(deals.expiresAt, new Date(now.getTime() + windowDays * 86_400_000)));
  return [
    db.select({ status: deals.status, n: count() }).from(deals).where(scope).groupBy(deals.status),
    db
      .select({ currency: deals.currency, minor: sum(deals.estimatedValueMinor).mapWith(num), deals: count() })
      .from(deals)
      .where(approved)
      .groupBy(deals.currency),
    db.select({ n: count() }).from(deals).where(expiring),
    db
      .select({ id: deals.id, customerName: deals.customerName, expiresAt: deals.expiresAt })
      .from(deals)
      .where(expiring)
      .orderBy(asc(deals.expiresAt), asc(deals.id))
      .limit(limits.expiringListMax),
    db
      .select({ dealId: dealEvents.dealId, customerName: deals.customerName, type: dealEvents.type, status: deals.status, at: dealEvents.at, reason: dealEvents.reason })
      .from(dealEvents)
      .innerJoin(deals, eq(deals.id, dealEvents.dealId))
      .where(and(inArray(dealEvents.type, [...limits.decisionEvents]), scope))
      .orderBy(desc(dealEvents.at), desc(dealEvents.id))
      .limit(limits.latestDecisions),
    db.select({ n: count() }).from(deals).where(and(approved, isNotNull(deals.extensionRequestedAt))),
  ] as const;
}

/** The batch's results, in the order `dealSummaryQueries` lists them. */
export type DealSummaryResults = BatchResponse<ReturnType<typeof dealSummaryQueries>>;
