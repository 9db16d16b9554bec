import { and, eq, exists, inArray, isNotNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { dealConflicts, deals, events, idempotencyKeys } from '../schema/index.ts';
import { ACTIVE_STATUSES, MAX_RECORDED_CONFLICTS } from '../schema/deal-enums.ts';
import { inJsonList, prepared } from './prepared.ts';

/**
 * Conflicts are a pair: when a registration conflicts with an earlier one, both are flagged.
 * The registration's first round trip scores the candidates it read (fuzzy names need the
 * worker); these statements run at the end of the registration's write batch — one
 * transaction, writes serialised — so they also see every registration committed after that
 * read. Two registrations committed in any order therefore flag each other: the later one
 * finds the earlier one here, records the pair and flags both.
 */

export interface LateConflictInput {
  dealId: string;
  partnerId: string;
  keys: { domain: string; nameKey: string; nameToken: string };
  /** Ids of the deal candidates the first round trip read and scored (not re-judged here). */
  scoredIds: readonly string[];
  /** The first round trip hit the candidate cap: unscored same-word deals are not necessarily new. */
  candidatesTruncated: boolean;
  /** Deals the first round trip found in conflict (all of them, also beyond the recorded cap). */
  foundDealIds: readonly string[];
  at: Date;
  /** The registration's `deal.registered` outbox event. */
  eventId: string;
  /** The Idempotency-Key row the batch stores, if any. */
  idempotency: { scope: string; key: string } | null;
}

/**
 * A registration committed between our read and our write cannot be scored by name here. One
 * sharing the first name word that appeared in that short window is recorded as a possible
 * `similar_name` conflict without a score, for a manager to judge: flagging too much in that
 * rare race is safer than missing a conflict.
 */
const RACE_WINDOW_MS = 5 * 60_000;

// `+d.status`: keeps SQLite from walking a status index over every active deal; the key arms'
// MULTI-INDEX OR (domain, name key, name word) is the lookup, as in dealCandidatesQuery.
const protecting = (now: SQLWrapper | number) =>
  sql`+d.status in ${[...ACTIVE_STATUSES]} and (d.status <> 'approved' or d.expires_at is null or d.expires_at > ${now})`;

/** What changes the recording statement's text: which lookup arms apply. */
interface LateShape {
  nameKey: boolean;
  tokenArm: boolean;
}

const LATE_VALUES = ['dealId', 'partnerId', 'domain', 'nameKey', 'nameToken', 'now', 'raceSince', 'scoredIds'] as const;

// Compiled once per shape (db/queries/prepared.ts): these run in every registration's batch.
const recordLate = prepared(
  LATE_VALUES,
  (db, p, shape: LateShape) => {
    const exact: SQL[] = [sql`d.registrable_domain = ${p.domain}`];
    if (shape.nameKey) exact.push(sql`d.customer_name_key = ${p.nameKey}`);
    const isExact = sql`(${sql.join(exact, sql` or `)})`;
    const arms: SQL[] = [isExact];
    if (shape.tokenArm) arms.push(sql`(d.customer_name_token = ${p.nameToken} and d.created_at >= ${p.raceSince} and d.id not in (select value from json_each(${p.scoredIds})))`);
    const recorded = sql`(select count(*) from deal_conflicts x where x.deal_id = ${p.dealId})`;
    return db.run(sql`
    insert into deal_conflicts (id, deal_id, conflicting_deal_id, customer_id, other_partner_id, reason, score, created_at)
    select 'dcf_' || lower(hex(randomblob(10))), ${p.dealId}, d.id, null, d.partner_id,
      case when d.partner_id = ${p.partnerId} then 'duplicate' when d.registrable_domain = ${p.domain} then 'same_domain' else 'similar_name' end,
      case when ${isExact} then 1 else null end,
      ${p.now}
    from deals d
    where (${sql.join(arms, sql` or `)})
      and d.id <> ${p.dealId}
      and ${protecting(p.now)}
      and not exists (select 1 from deal_conflicts x where x.deal_id = ${p.dealId} and x.conflicting_deal_id = d.id)
    order by ${isExact} desc, d.submitted_at, d.id
    limit max(0, ${MAX_RECORDED_CONFLICTS} - ${recorded})`);
  },
  (shape) => `${shape.nameKey}${shape.tokenArm}`,
);

const hasRecorded = (db: Db, dealId: SQLWrapper) => exists(db.select({ one: sql`1` }).from(dealConflicts).where(eq(dealConflicts.dealId, dealId)));
// The outbox event and the stored idempotent answer carry the deal as registered: same flag.
const conflictTrue = sql`json('true')`;

const flagSelf = prepared(['dealId'], (db, p) =>
  db.update(deals).set({ hasConflict: true }).where(and(eq(deals.id, p.dealId), eq(deals.hasConflict, false), hasRecorded(db, p.dealId))),
);
const fixEvent = prepared(['dealId', 'eventId'], (db, p) =>
  db.update(events).set({ data: sql`json_set(${events.data}, '$.conflict', ${conflictTrue})` }).where(and(eq(events.id, p.eventId), hasRecorded(db, p.dealId))),
);
const fixIdempotent = prepared(['dealId', 'idemScope', 'idemKey'], (db, p) =>
  db
    .update(idempotencyKeys)
    .set({ body: sql`json_set(${idempotencyKeys.body}, '$.conflict', ${conflictTrue})` })
    .where(and(eq(idempotencyKeys.scope, p.idemScope), eq(idempotencyKeys.key, p.idemKey), hasRecorded(db, p.dealId))),
);
const flagOthers = prepared(
  ['dealId', 'foundIds', 'at'],
  (db, p, withFound: boolean) => flagOtherSidesBuilt(db, p.dealId, withFound ? inJsonList(deals.id, p.foundIds) : undefined, p.at),
  String,
);

/** Statements to append to a registration's write batch, after its deal and conflict inserts. */
export function lateConflictStatements(db: Db, r: LateConflictInput): BatchItem<'sqlite'>[] {
  const now = r.at.getTime();
  const shape = { nameKey: Boolean(r.keys.nameKey), tokenArm: Boolean(r.keys.nameToken) && !r.candidatesTruncated };
  const values = {
    dealId: r.dealId,
    partnerId: r.partnerId,
    domain: r.keys.domain,
    nameKey: r.keys.nameKey || null,
    nameToken: r.keys.nameToken || null,
    now,
    raceSince: now - RACE_WINDOW_MS,
    scoredIds: JSON.stringify(r.scoredIds),
  };
  return [
    recordLate(db, values, shape),
    flagSelf(db, { dealId: r.dealId }),
    fixEvent(db, { dealId: r.dealId, eventId: r.eventId }),
    ...(r.idempotency ? [fixIdempotent(db, { dealId: r.dealId, idemScope: r.idempotency.scope, idemKey: r.idempotency.key })] : []),
    flagOthers(db, { dealId: r.dealId, foundIds: JSON.stringify(r.foundDealIds), at: now }, r.foundDealIds.length > 0),
  ];
}

/**
 * The other side of each pair: every earlier registration a deal conflicts with is flagged
 * too (a fresh `updatedAt`, so decisions in flight on it notice the change and sync picks it up).
 */
export function flagOtherSides(db: Db, dealId: string, foundDealIds: readonly string[], at: Date, condition?: SQL): BatchItem<'sqlite'>[] {
  return [flagOtherSidesBuilt(db, dealId, foundDealIds.length ? inArray(deals.id, [...foundDealIds]) : undefined, at.getTime(), condition)];
}

function flagOtherSidesBuilt(db: Db, dealId: string | SQLWrapper, found: SQL | undefined, atMs: number | SQLWrapper, condition?: SQL) {
  const linked = db
    .select({ id: dealConflicts.conflictingDealId })
    .from(dealConflicts)
    .where(and(eq(dealConflicts.dealId, dealId), isNotNull(dealConflicts.conflictingDealId)));
  const ids = found ? sql`(${inArray(deals.id, linked)} or ${found})` : inArray(deals.id, linked);
  // updated_at as stored (epoch ms): a placeholder skips the column's encoder.
  return db.update(deals).set({ hasConflict: true, updatedAt: sql`${atMs}` }).where(and(ids, eq(deals.hasConflict, false), condition));
}

const preparedConflictFlag = prepared(['dealId'], (db, p) => db.select({ hasConflict: deals.hasConflict }).from(deals).where(eq(deals.id, p.dealId)));

/** Whether the registration is flagged once its batch has run (last statement of the batch). */
export const conflictFlagQuery = (db: Db, dealId: string) => preparedConflictFlag(db, { dealId });
