import { and, asc, eq, getTableColumns, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { deals, partners } from '../schema/index.ts';
import { dealProductsColumn } from './deal-decisions.ts';

/** Approved registrations whose protection ended at or before `now`, oldest expiry first. */
export function dealsToExpireQuery(db: Db, now: Date, limit: number) {
  return db
    .select({ deal: getTableColumns(deals), products: dealProductsColumn(), partnerName: partners.name })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .where(and(eq(deals.status, 'approved'), lte(deals.expiresAt, now)))
    .orderBy(asc(deals.expiresAt), asc(deals.id))
    .limit(limit);
}

/** Approved registrations expiring in (now, horizon] that have not been warned yet. */
export function dealsToWarnQuery(db: Db, now: Date, horizon: Date, limit: number) {
  return db
    .select({ deal: getTableColumns(deals), products: dealProductsColumn(), partnerName: partners.name })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .where(and(eq(deals.status, 'approved'), gt(deals.expiresAt, now), lte(deals.expiresAt, horizon), isNull(deals.expiringNotifiedAt)))
    .orderBy(asc(deals.expiresAt), asc(deals.id))
    .limit(limit);
}

export type LifecycleCandidate = Awaited<ReturnType<typeof dealsToExpireQuery>>[number];
