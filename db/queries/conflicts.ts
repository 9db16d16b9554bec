import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { customers, dealConflicts, deals, partners } from '../schema/index.ts';
import { ACTIVE_STATUSES, CONFLICT_REASONS } from '../schema/deal-enums.ts';
import { newId } from '../ids.ts';

/** A key to look candidates up by: a value, or SQL (e.g. the stored key of the deal being resubmitted). */
type Key = string | SQL | null;

/** Caps what one lookup returns: a very common first word must not turn into a huge read. */
export const CANDIDATE_LIMIT = 500;

/**
 * Registrations that may conflict: active ones with the same registrable domain, the same name
 * key or the same first name word. Each arm is an equality on an indexed column, so SQLite
 * answers with a MULTI-INDEX OR over deals_domain_status_idx, deals_name_key_status_idx and
 * deals_name_token_status_idx — never a scan (docs/conflict-detection.md, test/worker/conflicts-scale.test.ts).
 */
export function dealCandidatesQuery(db: Db, keys: { domain: Key; nameKey: Key; nameToken: Key }) {
  const arms = [
    keys.domain !== null ? and(eq(deals.registrableDomain, keys.domain), inArray(deals.status, [...ACTIVE_STATUSES])) : undefined,
    keys.nameKey !== null ? and(eq(deals.customerNameKey, keys.nameKey), inArray(deals.status, [...ACTIVE_STATUSES])) : undefined,
    keys.nameToken !== null ? and(eq(deals.customerNameToken, keys.nameToken), inArray(deals.status, [...ACTIVE_STATUSES])) : undefined,
  ].filter(Boolean);
  return db
    .select({
      id: deals.id,
      partnerId: deals.partnerId,
      createdBy: deals.createdBy,
      status: deals.status,
      expiresAt: deals.expiresAt,
      registrableDomain: deals.registrableDomain,
      customerNameKey: deals.customerNameKey,
    })
    .from(deals)
    .where(arms.length ? or(...arms) : sql`0`)
    .limit(CANDIDATE_LIMIT);
}

/** Existing customers with the same registrable domain, name key or first name word (indexed). */
export function customerCandidatesQuery(db: Db, keys: { domain: Key; nameKey: Key; nameToken: Key }) {
  const arms = [
    keys.domain !== null ? eq(customers.registrableDomain, keys.domain) : undefined,
    keys.nameKey !== null ? eq(customers.nameKey, keys.nameKey) : undefined,
    keys.nameToken !== null ? eq(customers.nameToken, keys.nameToken) : undefined,
  ].filter(Boolean);
  return db
    .select({ id: customers.id, registrableDomain: customers.registrableDomain, nameKey: customers.nameKey })
    .from(customers)
    .where(arms.length ? or(...arms) : sql`0`)
    .limit(CANDIDATE_LIMIT);
}

/** A conflict the rules chose to record (worker/domain/customer-match.ts `conflictsToRecord`). */
export interface ConflictToRecord {
  reason: (typeof CONFLICT_REASONS)[number];
  score: number;
  conflictingDealId: string | null;
  otherPartnerId: string | null;
  customerId: string | null;
}

/** deal_conflicts rows for a registration's recorded conflicts (insert in the registration's batch). */
export function conflictRows(dealId: string, recorded: readonly ConflictToRecord[], at: Date) {
  return recorded.map((f) => ({
    id: newId('dcf'),
    dealId,
    conflictingDealId: f.conflictingDealId,
    customerId: f.customerId,
    otherPartnerId: f.otherPartnerId,
    reason: f.reason,
    score: f.score,
    createdAt: at,
  }));
}

/**
 * Staff view of a deal's conflicts, both directions: those found when it was registered and
 * those later registrations found against it (the other side sees the same pair).
 */
export function dealConflictsQuery(db: Db, dealId: string) {
  const other = sql`case when ${dealConflicts.dealId} = ${dealId} then ${dealConflicts.conflictingDealId} else ${dealConflicts.dealId} end`;
  return db
    .select({
      dealId: sql<string | null>`${other}`,
      customerId: dealConflicts.customerId,
      reason: dealConflicts.reason,
      score: dealConflicts.score,
      otherDeal: {
        partnerId: deals.partnerId,
        customerName: deals.customerName,
        status: deals.status,
        submittedAt: deals.submittedAt,
        expiresAt: deals.expiresAt,
        estimatedValueMinor: deals.estimatedValueMinor,
        currency: deals.currency,
      },
      partnerName: partners.name,
      customerName: customers.name,
    })
    .from(dealConflicts)
    .leftJoin(deals, eq(deals.id, other))
    .leftJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(customers, eq(customers.id, dealConflicts.customerId))
    .where(or(eq(dealConflicts.dealId, dealId), eq(dealConflicts.conflictingDealId, dealId)));
}

/** A read with no rows: stands in for the conflicts a partner may not see, keeping the batch's shape. */
export const noConflictsQuery = (db: Db) => db.select({ none: sql`null` }).from(sql`(select 1)`).where(sql`0`);

/**
 * The customer keys a deal has stored, read inside the lookup itself, for a resubmission that
 * leaves the customer unchanged: no extra round trip to learn them first.
 */
export function storedCustomerKeys(dealId: string) {
  const stored = (column: 'registrable_domain' | 'customer_name_key' | 'customer_name_token') =>
    sql`(select d.${sql.raw(column)} from deals d where d.id = ${dealId})`;
  return { domain: stored('registrable_domain'), nameKey: stored('customer_name_key'), nameToken: stored('customer_name_token') };
}
