import { and, asc, eq, gt, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { deals, partners, tiers } from '../schema/index.ts';
import { PENDING_STATUSES } from '../schema/deal-enums.ts';

export interface QueueFilter {
  partnerId?: string;
  tierId?: string;
  /** Matched case-insensitively (`emea` = `EMEA`). */
  region?: string;
  conflict?: boolean;
  /** Keyset position: the last row of the previous page. */
  after?: { queuedAt: Date; id: string };
  limit: number;
}

/** An approved deal whose partner asked for a longer protection and no manager has answered yet. */
export const openExtensionRequest = () => and(eq(deals.status, 'approved'), isNotNull(deals.extensionRequestedAt))!;

/**
 * When an item joined the queue: the extension request for approved deals, else the submission
 * (a resubmission keeps its first submission time, as before).
 */
const queuedAt = sql<number>`(case when ${deals.status} = 'approved' then ${deals.extensionRequestedAt} else ${deals.submittedAt} end)`;

/**
 * The staff approval queue: pending registrations (submitted, resubmitted) and open extension
 * requests, oldest first by when each joined the queue, with partner, tier and conflict count.
 * Staff-only: no tenant scope. Reads `limit + 1` rows so the caller knows whether another page
 * exists.
 */
export function approvalQueueQuery(db: Db, filter: QueueFilter) {
  const where: SQL[] = [or(inArray(deals.status, [...PENDING_STATUSES]), openExtensionRequest())!];
  if (filter.partnerId) where.push(eq(deals.partnerId, filter.partnerId));
  if (filter.tierId) where.push(eq(partners.tierId, filter.tierId));
  if (filter.region) where.push(sql`lower(${partners.region}) = lower(${filter.region})`);
  if (filter.conflict !== undefined) where.push(eq(deals.hasConflict, filter.conflict));
  if (filter.after) {
    const { queuedAt: position, id } = filter.after;
    const at = position.getTime();
    where.push(or(sql`${queuedAt} > ${at}`, and(sql`${queuedAt} = ${at}`, gt(deals.id, id)))!);
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
      queuedAt: sql<number>`${queuedAt}`.mapWith((v: number) => new Date(Number(v))),
      expiresAt: deals.expiresAt,
      extensionRequestedAt: deals.extensionRequestedAt,
      hasConflict: deals.hasConflict,
      // Both directions: conflicts this registration found and those later registrations found with it.
      conflictCount: sql<number>`(select count(distinct case when dc.deal_id = ${deals.id} then coalesce(dc.conflicting_deal_id, dc.customer_id, dc.id) else dc.deal_id end) from deal_conflicts dc where dc.deal_id = ${deals.id} or dc.conflicting_deal_id = ${deals.id})`.mapWith(Number),
      partnerId: partners.id,
      partnerName: partners.name,
      partnerRegion: partners.region,
      tierId: tiers.id,
      tierName: tiers.name,
      tierProtectionDays: tiers.protectionDays,
    })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .where(and(...where))
    .orderBy(asc(queuedAt), asc(deals.id))
    .limit(filter.limit + 1);
}

export type QueueRow = Awaited<ReturnType<typeof approvalQueueQuery>>[number];
