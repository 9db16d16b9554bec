import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { dealEvents, deals, partners, tiers, type DealStatus } from '../schema/index.ts';
import { newId } from '../ids.ts';

/** A product as a deal lists it. */
export interface ProductRef {
  id: string;
  name: string;
  sku: string;
}

/**
 * A deal's products as one JSON column (correlated subquery), so reads of many deals still
 * fetch their products in the same statement — the outbox event data includes them.
 * (The outer column is written out: drizzle leaves columns unqualified in single-table selects.)
 */
export const dealProductsColumn = () =>
  sql<string>`(select coalesce(json_group_array(json_object('id', p.id, 'name', p.name, 'sku', p.sku)), '[]') from deal_products dp join products p on p.id = dp.product_id where dp.deal_id = "deals"."id")`.mapWith(
    (value: string): ProductRef[] => JSON.parse(value),
  );

/** A deal with what a staff decision needs: its partner's name and its tier's protection days. */
function decisionTargets(db: Db) {
  return db
    .select({
      deal: getTableColumns(deals),
      products: dealProductsColumn(),
      partnerName: partners.name,
      tierProtectionDays: tiers.protectionDays,
    })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .leftJoin(tiers, eq(tiers.id, partners.tierId));
}

/**
 * One deal for a staff decision or a CRM write-back. Not tenant-scoped: only staff and
 * integration tokens (vendor-wide actors) reach the routes that use it.
 */
export function decisionTargetQuery(db: Db, id: string) {
  return decisionTargets(db).where(eq(deals.id, id)).limit(1);
}

/** Several deals for a bulk decision (ids are capped at 100 by the request schema). */
export function decisionTargetsQuery(db: Db, ids: string[]) {
  return decisionTargets(db).where(inArray(deals.id, ids));
}

export type DecisionTarget = Awaited<ReturnType<typeof decisionTargetQuery>>[number];

/**
 * A CRM id set on a deal without a lifecycle change: the row and its timeline entry (the audit
 * entry comes from worker/lib/audit.ts). Last writer wins.
 */
export function crmLinkStatements(
  db: Db,
  deal: { id: string; status: DealStatus; crmId: string | null },
  crmId: string,
  actor: { type: 'user' | 'token' | 'system'; id: string | null },
  at: Date,
) {
  return [
    db.update(deals).set({ crmId, updatedAt: at }).where(eq(deals.id, deal.id)),
    db.insert(dealEvents).values({
      id: newId('dev'),
      dealId: deal.id,
      at,
      actorType: actor.type,
      actorId: actor.id,
      type: 'deal.crm_linked',
      fromStatus: deal.status,
      toStatus: deal.status,
      reason: null,
      details: { crmId, previousCrmId: deal.crmId },
    }),
  ] as const;
}
