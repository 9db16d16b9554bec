import { and, asc, desc, eq, getTableColumns, gt, gte, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { auditLog, dealEvents, dealConflicts, dealProducts, deals, events, idempotencyKeys, partners, tiers, users } from '../schema/index.ts';
import type { UserActor, Actor } from '../../worker/domain/actor.ts';
import type { ProductRef } from '../../worker/domain/deal-view.ts';
import { isStaffRole } from '../../worker/domain/permissions.ts';
import type { DealListQuery } from '../../worker/resources/deals/schemas.ts';
import { dealProductsColumn } from './deal-decisions.ts';
import { insertRowsWhere } from './deal-transitions.ts';

type DealRow = typeof deals.$inferSelect;

/**
 * Which deals an actor may see: reps their own registrations, partner admins their company's,
 * staff and integration tokens all. Always from the session, never from the request.
 */
export function dealScope(actor: Actor): SQL | undefined {
  if (actor.kind === 'token' || isStaffRole(actor.role)) return undefined;
  const own = eq(deals.partnerId, actor.partnerId ?? '');
  return actor.role === 'partner_admin' ? own : and(own, eq(deals.createdBy, actor.userId));
}

export const isStaffActor = (actor: Actor) => actor.kind === 'token' || isStaffRole(actor.role);

/** One deal the actor may see, with its products, partner name and tier protection days (empty when not visible). */
export function dealForActorQuery(db: Db, actor: Actor, id: string) {
  return db
    .select({ deal: getTableColumns(deals), products: dealProductsColumn(), partnerName: partners.name, tierProtectionDays: tiers.protectionDays })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .where(and(eq(deals.id, id), dealScope(actor)))
    .limit(1);
}

/** A deal's timeline, oldest first, with the acting person's name. */
export function dealTimelineQuery(db: Db, actor: Actor, id: string) {
  return db
    .select({ event: getTableColumns(dealEvents), actorName: users.name })
    .from(dealEvents)
    .innerJoin(deals, eq(deals.id, dealEvents.dealId))
    .leftJoin(users, and(eq(dealEvents.actorType, 'user'), eq(users.id, dealEvents.actorId)))
    .where(and(eq(dealEvents.dealId, id), dealScope(actor)))
    .orderBy(asc(dealEvents.at), asc(dealEvents.id));
}

// ---- keyset pagination ------------------------------------------------------------------

type SortSpec = { column: SQLiteColumn; key: keyof DealRow; direction: 'asc' | 'desc'; kind: 'time' | 'number' | 'text' };
type ListSort = DealListQuery['sort'] | 'updated';

const SORTS: Record<ListSort, SortSpec> = {
  newest: { column: deals.createdAt, key: 'createdAt', direction: 'desc', kind: 'time' },
  oldest: { column: deals.createdAt, key: 'createdAt', direction: 'asc', kind: 'time' },
  value: { column: deals.estimatedValueMinor, key: 'estimatedValueMinor', direction: 'desc', kind: 'number' },
  closeDate: { column: deals.expectedCloseDate, key: 'expectedCloseDate', direction: 'asc', kind: 'text' },
  // CRM incremental sync (`updatedSince`): oldest change first, so a client can resume.
  updated: { column: deals.updatedAt, key: 'updatedAt', direction: 'asc', kind: 'time' },
};

/** Cursor = base64url of `[sort, sortValue, id]` of the last row of the previous page. */
export function encodeDealCursor(sort: ListSort, row: DealRow): string {
  const raw = row[SORTS[sort].key];
  const value = raw instanceof Date ? raw.getTime() : raw;
  return btoa(JSON.stringify([sort, value, row.id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The cursor's position, or null when it is not one of ours (→ 400). */
export function decodeDealCursor(sort: ListSort, cursor: string): { value: unknown; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort || typeof parsed[2] !== 'string') return null;
    const kind = SORTS[sort].kind;
    const ok =
      kind === 'text' ? typeof parsed[1] === 'string' : Number.isSafeInteger(parsed[1]) && (kind === 'number' || !Number.isNaN(new Date(parsed[1] as number).getTime()));
    return ok ? { value: kind === 'time' ? new Date(parsed[1] as number) : parsed[1], id: parsed[2] } : null;
  } catch {
    return null;
  }
}

export function listSort(query: DealListQuery, staff: boolean): ListSort {
  return staff && query.updatedSince ? 'updated' : query.sort;
}

/**
 * A page of deals for GET /deals: scope, filters and keyset position in one indexed query;
 * fetches `limit + 1` rows so the caller knows whether there is a next page.
 */
export function dealPageQuery(db: Db, actor: Actor, query: DealListQuery, position: { value: unknown; id: string } | null) {
  const staff = isStaffActor(actor);
  const sort = SORTS[listSort(query, staff)];
  const after = position
    ? sort.direction === 'desc'
      ? or(lt(sort.column, position.value), and(eq(sort.column, position.value), lt(deals.id, position.id)))
      : or(gt(sort.column, position.value), and(eq(sort.column, position.value), gt(deals.id, position.id)))
    : undefined;
  const like = query.q ? `%${query.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const order = sort.direction === 'desc' ? desc : asc;
  return db
    .select({ deal: getTableColumns(deals), products: dealProductsColumn() })
    .from(deals)
    .where(
      and(
        dealScope(actor),
        query.status ? eq(deals.status, query.status) : undefined,
        like
          ? or(sql`lower(${deals.customerName}) like ${like} escape '\\'`, sql`${deals.registrableDomain} like ${like} escape '\\'`)
          : undefined,
        staff && query.partnerId ? eq(deals.partnerId, query.partnerId) : undefined,
        staff && query.conflict ? eq(deals.hasConflict, query.conflict === 'true') : undefined,
        query.extensionRequested === 'true' ? and(eq(deals.status, 'approved'), isNotNull(deals.extensionRequestedAt)) : undefined,
        query.extensionRequested === 'false' ? sql`not (${deals.status} = 'approved' and ${deals.extensionRequestedAt} is not null)` : undefined,
        staff && query.region
          ? sql`${deals.partnerId} in (select p.id from partners p where lower(p.region) = lower(${query.region}))`
          : undefined,
        staff && query.updatedSince ? gte(deals.updatedAt, new Date(query.updatedSince)) : undefined,
        after,
      ),
    )
    .orderBy(order(sort.column), order(deals.id))
    .limit(query.limit + 1);
}

// ---- registration -----------------------------------------------------------------------

/** The stored first answer for an Idempotency-Key of this actor, if any. */
export function idempotencyQuery(db: Db, scope: string, key: string) {
  return db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))).limit(1);
}

export function partnerNameQuery(db: Db, partnerId: string) {
  return db.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.id, partnerId)).limit(1);
}

export interface Registration {
  row: DealRow;
  products: readonly ProductRef[];
  conflicts: (typeof dealConflicts.$inferInsert)[];
  actor: UserActor;
  ip: string | null;
  eventId: string;
  eventData: Record<string, unknown>;
  timelineId: string;
  auditId: string;
  idempotency: { scope: string; key: string; requestHash: string; status: number; body: string } | null;
}

/**
 * Everything a registration writes, for ONE db.batch: the deal, its products, its conflicts,
 * its first timeline entry, the audit entry, the `deal.registered` outbox event and the
 * Idempotency-Key answer (whose primary key makes a concurrent retry fail the whole batch).
 */
export function registrationStatements(db: Db, r: Registration): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const at = r.row.createdAt;
  const statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
    db.insert(deals).values(r.row),
    db.insert(dealProducts).values(r.products.map((p) => ({ dealId: r.row.id, productId: p.id }))),
    db.insert(dealEvents).values({
      id: r.timelineId,
      dealId: r.row.id,
      at,
      actorType: 'user',
      actorId: r.actor.userId,
      type: 'deal.registered',
      fromStatus: null,
      toStatus: r.row.status,
      details: r.conflicts.length ? { conflicts: r.conflicts.length } : null,
    }),
    db.insert(auditLog).values({
      id: r.auditId,
      at,
      actorType: 'user',
      actorId: r.actor.userId,
      action: 'deal.registered',
      objectType: 'deal',
      objectId: r.row.id,
      partnerId: r.row.partnerId,
      ip: r.ip,
      details: { customerName: r.row.customerName, registrableDomain: r.row.registrableDomain, conflicts: r.conflicts.map((c) => c.reason) },
    }),
    db.insert(events).values({
      id: r.eventId,
      type: 'deal.registered',
      occurredAt: at,
      partnerId: r.row.partnerId,
      subjectType: 'deal',
      subjectId: r.row.id,
      data: r.eventData,
    }),
  ];
  if (r.conflicts.length) statements.push(db.insert(dealConflicts).values(r.conflicts));
  if (r.idempotency) statements.push(db.insert(idempotencyKeys).values({ ...r.idempotency, createdAt: at }));
  return statements;
}

/** Replaces a deal's products and conflicts (resubmission), for the transition's batch. */
export function replaceDealDetailsStatements(
  db: Db,
  dealId: string,
  products: readonly ProductRef[] | null,
  conflicts: (typeof dealConflicts.$inferInsert)[],
  /** The `updatedAt` the transition in the same batch wrote: if another change won, nothing here runs. */
  transitionAt: Date,
): BatchItem<'sqlite'>[] {
  const stillOurs = sql`exists (select 1 from deals where id = ${dealId} and updated_at = ${transitionAt.getTime()})`;
  const statements: BatchItem<'sqlite'>[] = [];
  if (products) {
    statements.push(db.delete(dealProducts).where(and(eq(dealProducts.dealId, dealId), stillOurs)));
    statements.push(insertRowsWhere(db, dealProducts, products.map((p) => ({ dealId, productId: p.id })), stillOurs));
  }
  statements.push(db.delete(dealConflicts).where(and(eq(dealConflicts.dealId, dealId), stillOurs)));
  if (conflicts.length) statements.push(insertRowsWhere(db, dealConflicts, conflicts, stillOurs));
  return statements;
}
