import { DEAL_STATUSES, type DealStatus } from '../../../db/schema/deal-enums.ts';
import type { DealSummaryResults } from '../../../db/queries/deal-summary.ts';
import { fromMinor } from '../../domain/money.ts';
import type { DealSummary, DECISION_EVENTS } from './summary-schemas.ts';

/** The batch's results → the API answer. */
export function toDealSummary([byStatus, pipeline, expiringTotal, expiring, decisions, extensions]: DealSummaryResults, now: Date, windowDays: number): DealSummary {
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
