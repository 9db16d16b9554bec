import { and, eq, inArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { customers, dealConflicts, deals, partners } from '../schema/index.ts';
import { ACTIVE_STATUSES, CONFLICT_REASONS } from '../schema/deal-enums.ts';
import { newId } from '../ids.ts';
import { prepared, type Slots } from './prepared.ts';

/** A key to look candidates up by: a value, or SQL (e.g. the stored key of the deal being resubmitted). */
type Key = string | SQL | Placeholder | null;
type Keys = { domain: Key; nameKey: Key; nameToken: Key };
type TextKeys = { domain: string | null; nameKey: string | null; nameToken: string | null };

const KEY_NAMES = ['domain', 'nameKey', 'nameToken'] as const;
const isText = (keys: Keys): keys is TextKeys => KEY_NAMES.every((k) => keys[k] === null || typeof keys[k] === 'string');
/** Which keys are looked up: the statement differs with each combination. */
const present = (keys: Keys) => KEY_NAMES.map((k) => (keys[k] === null ? '-' : k[0])).join('');
const slotsFor = (p: Slots<(typeof KEY_NAMES)[number]>, shape: string): Keys => ({
  domain: shape[0] === '-' ? null : p.domain,
  nameKey: shape[1] === '-' ? null : p.nameKey,
  nameToken: shape[2] === '-' ? null : p.nameToken,
});

/** Caps what one lookup returns: a very common first word must not turn into a huge read. */
export const CANDIDATE_LIMIT = 500;

/**
 * Registrations that may conflict: active ones with the same registrable domain, the same name
 * key or the same first name word. Each arm is an equality on an indexed column, so SQLite
 * answers with a MULTI-INDEX OR over deals_domain_status_idx, deals_name_key_status_idx and
 * deals_name_token_status_idx — never a scan (docs/conflict-detection.md, test/worker/conflicts-scale.test.ts).
 */
function buildDealCandidates(db: Db, keys: Keys) {
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

const preparedDealCandidates = prepared(KEY_NAMES, (db, p, shape: string) => buildDealCandidates(db, slotsFor(p, shape)), (shape) => shape);

export function dealCandidatesQuery(db: Db, keys: Keys) {
  return isText(keys) ? preparedDealCandidates(db, keys, present(keys)) : buildDealCandidates(db, keys);
}

function buildCustomerCandidates(db: Db, keys: Keys) {
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

const preparedCustomerCandidates = prepared(KEY_NAMES, (db, p, shape: string) => buildCustomerCandidates(db, slotsFor(p, shape)), (shape) => shape);

/** Existing customers with the same registrable domain, name key or first name word (indexed). */
export function customerCandidatesQuery(db: Db, keys: Keys) {
  return isText(keys) ? preparedCustomerCandidates(db, keys, present(keys)) : buildCustomerCandidates(db, keys);
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
