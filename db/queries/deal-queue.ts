import { and, asc, eq, gt, inArray, isNotNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
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
 * Distinct registrations (or customers) a deal conflicts with, in both directions: conflicts it
 * found and those later registrations found with it. Two index lookups (a union, not an `or`,
 * which SQLite answered with a scan of deal_conflicts per row).
 */
const conflictCount = (dealId: SQLWrapper) =>
  sql<number>`(select count(*) from (select coalesce(dc.conflicting_deal_id, dc.customer_id, dc.id) from deal_conflicts dc where dc.deal_id = ${dealId} union select dc.deal_id from deal_conflicts dc where dc.conflicting_deal_id = ${dealId}))`.mapWith(Number);

/**
 * The staff approval queue: pending registrations (submitted, resubmitted) and open extension
 * requests, oldest first by when each joined the queue, with partner, tier and conflict count.
 * Staff-only: no tenant scope. Reads `limit + 1` rows so the caller knows whether another page
 * exists.
 *
 * The page is picked first (ids in queue order), then only its rows get their details and
 * conflict counts: counted for every pending deal, a busy program's conflicts made each page
 * cost a scan of all of them (docs/benchmarks.md).
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
  const page = db
    .select({ id: deals.id, queuedAt: sql<number>`${queuedAt}`.as('queued_at') })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .where(and(...where))
    .orderBy(asc(queuedAt), asc(deals.id))
    .limit(filter.limit + 1)
    .as('page');
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
      queuedAt: sql<number>`${page.queuedAt}`.mapWith((v: number) => new Date(Number(v))),
      expiresAt: deals.expiresAt,
      extensionRequestedAt: deals.extensionRequestedAt,
      hasConflict: deals.hasConflict,
      conflictCount: conflictCount(deals.id),
      partnerId: partners.id,
      partnerName: partners.name,
      partnerRegion: partners.region,
      tierId: tiers.id,
      tierName: tiers.name,
      tierProtectionDays: tiers.protectionDays,
    })
    .from(page)
    .innerJoin(deals, eq(deals.id, page.id))
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .orderBy(asc(page.queuedAt), asc(page.id));
}

export type QueueRow = Awaited<ReturnType<typeof approvalQueueQuery>>[number];
