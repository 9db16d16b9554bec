import { and, asc, desc, eq, getTableColumns, gt, gte, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { dealEvents, dealConflicts, dealProducts, deals, events, idempotencyKeys, partners, tiers, users } from '../schema/index.ts';
import type { DealStatus } from '../schema/deal-enums.ts';
import { dealProductsColumn, type ProductRef } from './deal-decisions.ts';
import { insertRowsWhere } from './insert-where.ts';
import { prepared, preparedInsert } from './prepared.ts';
import type { KeysetPosition } from './keyset.ts';

type DealRow = typeof deals.$inferSelect;

/**
 * Which deals a reader sees, decided by the worker from the session (worker/resources/deals/rules.ts
 * `dealScopeFor`): null = every deal (staff, integration tokens); a partner's deals, or only
 * those one user registered.
 */
export type DealScope = { partnerId: string; createdBy: string | null } | null;

export function dealScope(scope: DealScope): SQL | undefined {
  if (scope === null) return undefined;
  const own = eq(deals.partnerId, scope.partnerId);
  return scope.createdBy === null ? own : and(own, eq(deals.createdBy, scope.createdBy));
}

/** GET /deals filters (worker/resources/deals/schemas.ts DealListQuerySchema has this shape). */
export interface DealListFilter {
  sort: 'newest' | 'oldest' | 'value' | 'closeDate';
  status?: DealStatus;
  q?: string;
  partnerId?: string;
  conflict?: 'true' | 'false';
  extensionRequested?: 'true' | 'false';
  region?: string;
  updatedSince?: string;
  limit: number;
}

/** One deal the actor may see, with its products, partner name and tier protection days (empty when not visible). */
export function dealForActorQuery(db: Db, visible: DealScope, id: string) {
  return db
    .select({ deal: getTableColumns(deals), products: dealProductsColumn(), partnerName: partners.name, tierProtectionDays: tiers.protectionDays })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .where(and(eq(deals.id, id), dealScope(visible)))
    .limit(1);
}

/** A deal's timeline, oldest first, with the acting person's name. */
export function dealTimelineQuery(db: Db, visible: DealScope, id: string) {
  return db
    .select({ event: getTableColumns(dealEvents), actorName: users.name })
    .from(dealEvents)
    .innerJoin(deals, eq(deals.id, dealEvents.dealId))
    .leftJoin(users, and(eq(dealEvents.actorType, 'user'), eq(users.id, dealEvents.actorId)))
    .where(and(eq(dealEvents.dealId, id), dealScope(visible)))
    .orderBy(asc(dealEvents.at), asc(dealEvents.id));
}

// ---- keyset pagination ------------------------------------------------------------------

type SortSpec = { column: SQLiteColumn; key: keyof DealRow; direction: 'asc' | 'desc'; kind: 'time' | 'number' | 'text' };
type ListSort = DealListFilter['sort'] | 'updated';

const SORTS: Record<ListSort, SortSpec> = {
  newest: { column: deals.createdAt, key: 'createdAt', direction: 'desc', kind: 'time' },
  oldest: { column: deals.createdAt, key: 'createdAt', direction: 'asc', kind: 'time' },
  value: { column: deals.estimatedValueMinor, key: 'estimatedValueMinor', direction: 'desc', kind: 'number' },
  closeDate: { column: deals.expectedCloseDate, key: 'expectedCloseDate', direction: 'asc', kind: 'text' },
  // CRM incremental sync (`updatedSince`): oldest change first, so a client can resume.
  updated: { column: deals.updatedAt, key: 'updatedAt', direction: 'asc', kind: 'time' },
};

/** What a sort orders by, so the worker's cursor codec can check a cursor's key (worker/lib/cursor.ts). */
export const dealSortKind = (sort: ListSort) => SORTS[sort].kind;

/** The sort value of a row: the keyset position's `at` (times as ms). */
export function dealSortValue(sort: ListSort, row: DealRow): string | number {
  const raw = row[SORTS[sort].key];
  return raw instanceof Date ? raw.getTime() : (raw as string | number);
}

export function listSort(query: DealListFilter, staff: boolean): ListSort {
  return staff && query.updatedSince ? 'updated' : query.sort;
}

/** What changes the statement of a page query: which filters are present, the sort, the scope. */
interface PageShape {
  scope: 'all' | 'partner' | 'own';
  sort: ListSort;
  status: boolean;
  q: boolean;
  partnerId: boolean;
  conflict: boolean;
  extensionRequested: 'true' | 'false' | null;
  region: boolean;
  updatedSince: boolean;
  after: boolean;
}

const PAGE_VALUES = ['scopePartner', 'scopeUser', 'status', 'like', 'partnerId', 'conflict', 'region', 'updatedSince', 'afterValue', 'afterId', 'limit'] as const;

const preparedDealPage = prepared(
  PAGE_VALUES,
  (db, p, shape: PageShape) => {
    const sort = SORTS[shape.sort];
    const scope = shape.scope === 'all' ? undefined : shape.scope === 'partner' ? eq(deals.partnerId, p.scopePartner) : and(eq(deals.partnerId, p.scopePartner), eq(deals.createdBy, p.scopeUser));
    const afterPosition = shape.after
      ? sort.direction === 'desc'
        ? or(lt(sort.column, p.afterValue), and(eq(sort.column, p.afterValue), lt(deals.id, p.afterId)))
        : or(gt(sort.column, p.afterValue), and(eq(sort.column, p.afterValue), gt(deals.id, p.afterId)))
      : undefined;
    const order = sort.direction === 'desc' ? desc : asc;
    return db
      .select({ deal: getTableColumns(deals), products: dealProductsColumn() })
      .from(deals)
      .where(
        and(
          scope,
          shape.status ? eq(deals.status, p.status) : undefined,
          shape.q ? or(sql`lower(${deals.customerName}) like ${p.like} escape '\\'`, sql`${deals.registrableDomain} like ${p.like} escape '\\'`) : undefined,
          shape.partnerId ? eq(deals.partnerId, p.partnerId) : undefined,
          shape.conflict ? eq(deals.hasConflict, p.conflict) : undefined,
          shape.extensionRequested === 'true' ? and(eq(deals.status, 'approved'), isNotNull(deals.extensionRequestedAt)) : undefined,
          shape.extensionRequested === 'false' ? sql`not (${deals.status} = 'approved' and ${deals.extensionRequestedAt} is not null)` : undefined,
          shape.region ? sql`${deals.partnerId} in (select p.id from partners p where lower(p.region) = lower(${p.region}))` : undefined,
          shape.updatedSince ? gte(deals.updatedAt, p.updatedSince) : undefined,
          afterPosition,
        ),
      )
      .orderBy(order(sort.column), order(deals.id))
      .limit(p.limit);
  },
  (shape) => JSON.stringify(shape),
);

/**
 * A page of deals for GET /deals: scope, filters and keyset position in one indexed query;
 * fetches `limit + 1` rows so the caller knows whether there is a next page. Prepared per
 * combination of filters (db/queries/prepared.ts): the values are stored forms (times in ms,
 * the conflict flag as 0/1).
 */
export function dealPageQuery(db: Db, visible: DealScope, query: DealListFilter, after: KeysetPosition<string | number> | null) {
  // Staff-only filters apply exactly when the reader sees every deal.
  const staff = visible === null;
  const shape: PageShape = {
    scope: visible === null ? 'all' : visible.createdBy === null ? 'partner' : 'own',
    sort: listSort(query, staff),
    status: Boolean(query.status),
    q: Boolean(query.q),
    partnerId: staff && Boolean(query.partnerId),
    conflict: staff && Boolean(query.conflict),
    extensionRequested: query.extensionRequested ?? null,
    region: staff && Boolean(query.region),
    updatedSince: staff && Boolean(query.updatedSince),
    after: after !== null,
  };
  return preparedDealPage(
    db,
    {
      scopePartner: visible?.partnerId ?? null,
      scopeUser: visible?.createdBy ?? null,
      status: query.status ?? null,
      like: query.q ? `%${query.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null,
      partnerId: query.partnerId ?? null,
      conflict: query.conflict === 'true' ? 1 : 0,
      region: query.region ?? null,
      updatedSince: query.updatedSince ? new Date(query.updatedSince).getTime() : null,
      // Time sorts compare stored epoch ms; the cursor's `at` is already that.
      afterValue: after?.at ?? null,
      afterId: after?.id ?? null,
      limit: query.limit + 1,
    },
    shape,
  );
}

// ---- registration -----------------------------------------------------------------------

const preparedIdempotency = prepared(['scope', 'key'], (db, p) =>
  db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, p.scope), eq(idempotencyKeys.key, p.key))).limit(1),
);

/** The stored first answer for an Idempotency-Key of this actor, if any. */
export function idempotencyQuery(db: Db, scope: string, key: string) {
  return preparedIdempotency(db, { scope, key });
}

const preparedPartnerName = prepared(['id'], (db, p) => db.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.id, p.id)).limit(1));

export function partnerNameQuery(db: Db, partnerId: string) {
  return preparedPartnerName(db, { id: partnerId });
}

export interface Registration {
  row: DealRow;
  products: readonly ProductRef[];
  conflicts: (typeof dealConflicts.$inferInsert)[];
  /** The registering user (a partner user: registration is `deals:register`). */
  actor: { userId: string };
  /** The `deal.registered` audit entry, built by worker/lib/audit.ts. */
  audit: BatchItem<'sqlite'>;
  eventId: string;
  eventData: Record<string, unknown>;
  timelineId: string;
  idempotency: { scope: string; key: string; requestHash: string; status: number; body: string } | null;
}

const insertDeal = preparedInsert(deals);
const insertDealProducts = preparedInsert(dealProducts);
const insertDealEvent = preparedInsert(dealEvents);
const insertEvent = preparedInsert(events);
const insertDealConflicts = preparedInsert(dealConflicts);
const insertIdempotencyKey = preparedInsert(idempotencyKeys);

/**
 * Everything a registration writes, for ONE db.batch: the deal, its products, its conflicts,
 * its first timeline entry, the audit entry, the `deal.registered` outbox event and the
 * Idempotency-Key answer (whose primary key makes a concurrent retry fail the whole batch).
 */
export function registrationStatements(db: Db, r: Registration): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const at = r.row.createdAt;
  const statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
    insertDeal(db, [r.row]),
    insertDealProducts(db, r.products.map((p) => ({ dealId: r.row.id, productId: p.id }))),
    insertDealEvent(db, [{
      id: r.timelineId,
      dealId: r.row.id,
      at,
      actorType: 'user',
      actorId: r.actor.userId,
      type: 'deal.registered',
      fromStatus: null,
      toStatus: r.row.status,
      details: r.conflicts.length ? { conflicts: r.conflicts.length } : null,
    }]),
    r.audit,
    insertEvent(db, [{
      id: r.eventId,
      type: 'deal.registered',
      occurredAt: at,
      partnerId: r.row.partnerId,
      subjectType: 'deal',
      subjectId: r.row.id,
      data: r.eventData,
    }]),
  ];
  if (r.conflicts.length) statements.push(insertDealConflicts(db, r.conflicts));
  if (r.idempotency) statements.push(insertIdempotencyKey(db, [{ ...r.idempotency, createdAt: at }]));
  return statements;
}

/** Replaces a deal's products and conflicts (resubmission), for the transition's batch. */
export function replaceDealDetailsStatements(
  db: Db,
  dealId: string,
  products: readonly ProductRef[] | null,
  conflicts: (typeof dealConflicts.$inferInsert)[],
  /** `transitionWon(plan.eventId)` of the transition in the same batch: if another change won, nothing here runs. */
  stillOurs: SQL,
): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [];
  if (products) {
    statements.push(db.delete(dealProducts).where(and(eq(dealProducts.dealId, dealId), stillOurs)));
    statements.push(insertRowsWhere(db, dealProducts, products.map((p) => ({ dealId, productId: p.id })), stillOurs));
  }
  statements.push(db.delete(dealConflicts).where(and(eq(dealConflicts.dealId, dealId), stillOurs)));
  if (conflicts.length) statements.push(insertRowsWhere(db, dealConflicts, conflicts, stillOurs));
  return statements;
}

/**
 * True when the transition planned with this outbox event id is the change that won: its event
 * row is written only if its guarded update changed the deal (db/queries/deal-transitions.ts).
 * The event id is this request's own, where an updated_at marker would also match a rival
 * change made in the same millisecond.
 */
export const transitionWon = (eventId: string) => sql`exists (select 1 from events won where won.id = ${eventId})`;
