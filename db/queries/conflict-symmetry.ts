import { and, eq, exists, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { dealConflicts, deals, events, idempotencyKeys } from '../schema/index.ts';
import { ACTIVE_STATUSES, MAX_RECORDED_CONFLICTS } from '../schema/deal-enums.ts';

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
const protecting = (now: number) =>
  sql`+d.status in ${[...ACTIVE_STATUSES]} and (d.status <> 'approved' or d.expires_at is null or d.expires_at > ${now})`;

/** Statements to append to a registration's write batch, after its deal and conflict inserts. */
export function lateConflictStatements(db: Db, r: LateConflictInput): BatchItem<'sqlite'>[] {
  const now = r.at.getTime();
  const exact: SQL[] = [sql`d.registrable_domain = ${r.keys.domain}`];
  if (r.keys.nameKey) exact.push(sql`d.customer_name_key = ${r.keys.nameKey}`);
  const isExact = sql`(${sql.join(exact, sql` or `)})`;
  const arms: SQL[] = [isExact];
  if (r.keys.nameToken && !r.candidatesTruncated) {
    arms.push(
      sql`(d.customer_name_token = ${r.keys.nameToken} and d.created_at >= ${now - RACE_WINDOW_MS} and d.id not in (select value from json_each(${JSON.stringify(r.scoredIds)})))`,
    );
  }
  const recorded = sql`(select count(*) from deal_conflicts x where x.deal_id = ${r.dealId})`;
  const record = db.run(sql`
    insert into deal_conflicts (id, deal_id, conflicting_deal_id, customer_id, other_partner_id, reason, score, created_at)
    select 'dcf_' || lower(hex(randomblob(10))), ${r.dealId}, d.id, null, d.partner_id,
      case when d.partner_id = ${r.partnerId} then 'duplicate' when d.registrable_domain = ${r.keys.domain} then 'same_domain' else 'similar_name' end,
      case when ${isExact} then 1 else null end,
      ${now}
    from deals d
    where (${sql.join(arms, sql` or `)})
      and d.id <> ${r.dealId}
      and ${protecting(now)}
      and not exists (select 1 from deal_conflicts x where x.deal_id = ${r.dealId} and x.conflicting_deal_id = d.id)
    order by ${isExact} desc, d.submitted_at, d.id
    limit max(0, ${MAX_RECORDED_CONFLICTS} - ${recorded})`);

  const hasRecorded = exists(db.select({ one: sql`1` }).from(dealConflicts).where(eq(dealConflicts.dealId, r.dealId)));
  const flagSelf = db.update(deals).set({ hasConflict: true }).where(and(eq(deals.id, r.dealId), eq(deals.hasConflict, false), hasRecorded));
  // The outbox event and the stored idempotent answer carry the deal as registered: same flag.
  const conflictTrue = sql`json('true')`;
  const fixEvent = db.update(events).set({ data: sql`json_set(${events.data}, '$.conflict', ${conflictTrue})` }).where(and(eq(events.id, r.eventId), hasRecorded));
  const fixIdempotent = r.idempotency
    ? [
        db
          .update(idempotencyKeys)
          .set({ body: sql`json_set(${idempotencyKeys.body}, '$.conflict', ${conflictTrue})` })
          .where(and(eq(idempotencyKeys.scope, r.idempotency.scope), eq(idempotencyKeys.key, r.idempotency.key), hasRecorded)),
      ]
    : [];
  return [record, flagSelf, fixEvent, ...fixIdempotent, ...flagOtherSides(db, r.dealId, r.foundDealIds, r.at)];
}

/**
 * The other side of each pair: every earlier registration a deal conflicts with is flagged
 * too (a fresh `updatedAt`, so decisions in flight on it notice the change and sync picks it up).
 */
export function flagOtherSides(db: Db, dealId: string, foundDealIds: readonly string[], at: Date, condition?: SQL): BatchItem<'sqlite'>[] {
  const linked = db
    .select({ id: dealConflicts.conflictingDealId })
    .from(dealConflicts)
    .where(and(eq(dealConflicts.dealId, dealId), isNotNull(dealConflicts.conflictingDealId)));
  const ids = foundDealIds.length ? sql`(${inArray(deals.id, linked)} or ${inArray(deals.id, [...foundDealIds])})` : inArray(deals.id, linked);
  return [db.update(deals).set({ hasConflict: true, updatedAt: at }).where(and(ids, eq(deals.hasConflict, false), condition))];
}

/** Whether the registration is flagged once its batch has run (last statement of the batch). */
export const conflictFlagQuery = (db: Db, dealId: string) =>
  db.select({ hasConflict: deals.hasConflict }).from(deals).where(eq(deals.id, dealId));
