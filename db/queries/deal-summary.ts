import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, sql, sum } from 'drizzle-orm';
import type { BatchResponse } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { dealEvents, deals } from '../schema/index.ts';
import { DEAL_STATUSES, type DealStatus } from '../schema/deal-enums.ts';
import type { Actor } from '../../worker/domain/actor.ts';
import { fromMinor } from '../../worker/domain/money.ts';
import { DECISION_EVENTS, EXPIRING_LIST_MAX, LATEST_DECISIONS, type DealSummary } from '../../worker/resources/deals/summary-schemas.ts';
import { dealScope } from './deals.ts';

const num = (v: unknown) => Number(v ?? 0);

/**
 * Everything the deals summary needs, as statements for ONE `db.batch`, each scoped exactly
 * like the deals list (`dealScope`: reps their own, partner admins their company, staff all).
 * Counts and sums happen in SQL; only the short lists come back row by row.
 */
export function dealSummaryQueries(db: Db, actor: Actor, now: Date, windowDays: number) {
  const scope = dealScope(actor);
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
      .limit(EXPIRING_LIST_MAX),
    db
      .select({ dealId: dealEvents.dealId, customerName: deals.customerName, type: dealEvents.type, status: deals.status, at: dealEvents.at, reason: dealEvents.reason })
      .from(dealEvents)
      .innerJoin(deals, eq(deals.id, dealEvents.dealId))
      .where(and(inArray(dealEvents.type, [...DECISION_EVENTS]), scope))
      .orderBy(desc(dealEvents.at), desc(dealEvents.id))
      .limit(LATEST_DECISIONS),
    db.select({ n: count() }).from(deals).where(and(approved, isNotNull(deals.extensionRequestedAt))),
  ] as const;
}

type Results = BatchResponse<ReturnType<typeof dealSummaryQueries>>;

/** The batch's results → the API answer. */
export function toDealSummary([byStatus, pipeline, expiringTotal, expiring, decisions, extensions]: Results, now: Date, windowDays: number): DealSummary {
  const counts = Object.fromEntries(DEAL_STATUSES.map((s) => [s, 0])) as Record<DealStatus, number>;
  for (const row of byStatus) counts[row.status] = row.n;
  return {
    generatedAt: now.toISOString(),
    total: byStatus.reduce((n, row) => n + row.n, 0),
    counts,
    pipeline: pipeline
      .map((p) => ({ currency: p.currency, amount: fromMinor(p.minor, p.currency), deals: p.deals }))
      .sort((a, b) => b.deals - a.deals || a.currency.localeCompare(b.currency)),
    expiringWithinDays: windowDays,
    expiringSoonTotal: expiringTotal[0]?.n ?? 0,
    openExtensionRequests: extensions[0]?.n ?? 0,
    expiringSoon: expiring.map((d) => ({ id: d.id, customerName: d.customerName, expiresAt: d.expiresAt!.toISOString() })),
    latestDecisions: decisions.map((d) => ({
      dealId: d.dealId,
      customerName: d.customerName,
      decision: d.type as (typeof DECISION_EVENTS)[number],
      status: d.status,
      at: d.at.toISOString(),
      reason: d.reason,
    })),
  };
}
