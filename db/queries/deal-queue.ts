import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { deals, partners, tiers } from '../schema/index.ts';
import { PENDING_STATUSES } from '../../worker/domain/deal-lifecycle.ts';

export interface QueueFilter {
  partnerId?: string;
  tierId?: string;
  region?: string;
  conflict?: boolean;
  /** Keyset position: the last row of the previous page. */
  after?: { submittedAt: Date; id: string };
  limit: number;
}

/**
 * Pending registrations (submitted, resubmitted) for the staff approval queue, oldest first,
 * with partner, tier and conflict count. Staff-only: no tenant scope. Reads `limit + 1` rows so
 * the caller knows whether another page exists. Walks deals_status_submitted_idx.
 */
export function approvalQueueQuery(db: Db, filter: QueueFilter) {
  const where: SQL[] = [inArray(deals.status, [...PENDING_STATUSES])];
  if (filter.partnerId) where.push(eq(deals.partnerId, filter.partnerId));
  if (filter.tierId) where.push(eq(partners.tierId, filter.tierId));
  if (filter.region) where.push(eq(partners.region, filter.region));
  if (filter.conflict !== undefined) where.push(eq(deals.hasConflict, filter.conflict));
  if (filter.after) {
    const { submittedAt, id } = filter.after;
    where.push(or(gt(deals.submittedAt, submittedAt), and(eq(deals.submittedAt, submittedAt), gt(deals.id, id)))!);
  }
  return db
    .select({
      id: deals.id,
      status: deals.status,
      customerName: deals.customerName,
      customerDomain: deals.customerDomain,
      country: deals.country,
      estimatedValueMinor: deals.estimatedValueMinor,
      currency: deals.currency,
      expectedCloseDate: deals.expectedCloseDate,
      submittedAt: deals.submittedAt,
      hasConflict: deals.hasConflict,
      // Both directions: conflicts this registration found and those later registrations found with it.
      conflictCount: sql<number>`(select count(distinct case when dc.deal_id = ${deals.id} then coalesce(dc.conflicting_deal_id, dc.customer_id, dc.id) else dc.deal_id end) from deal_conflicts dc where dc.deal_id = ${deals.id} or dc.conflicting_deal_id = ${deals.id})`.mapWith(Number),
      partnerId: partners.id,
      partnerName: partners.name,
      partnerRegion: partners.region,
      tierId: tiers.id,
      tierName: tiers.name,
    })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .where(and(...where))
    .orderBy(asc(deals.submittedAt), asc(deals.id))
    .limit(filter.limit + 1);
}

export type QueueRow = Awaited<ReturnType<typeof approvalQueueQuery>>[number];
