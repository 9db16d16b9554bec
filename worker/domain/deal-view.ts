import type { dealEvents, deals } from '../../db/schema/deals.ts';
import type { DealView } from '../resources/deals/schemas.ts';
import { fromMinor } from './money.ts';

type DealRow = typeof deals.$inferSelect;
import type { ProductRef } from '../../db/queries/deal-decisions.ts';
export type { ProductRef };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A deal row as the API shows it: camelCase, money in major units, ISO times. The same shape
 * for partners and staff; only the detail's `conflicts` list is staff-only.
 */
export function dealView(row: DealRow, products: readonly ProductRef[]): DealView {
  return {
    id: row.id,
    status: row.status,
    partnerId: row.partnerId,
    createdBy: row.createdBy,
    customerName: row.customerName,
    customerDomain: row.customerDomain,
    registrableDomain: row.registrableDomain,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    contactTitle: row.contactTitle,
    country: row.country,
    products: products.map(({ id, name, sku }) => ({ id, name, sku })),
    estimatedValue: fromMinor(row.estimatedValueMinor, row.currency),
    currency: row.currency,
    expectedCloseDate: row.expectedCloseDate,
    notes: row.notes,
    conflict: row.hasConflict,
    submittedAt: row.submittedAt.toISOString(),
    approvedAt: iso(row.approvedAt),
    expiresAt: iso(row.expiresAt),
    extensionRequestedAt: iso(row.extensionRequestedAt),
    extensionReason: row.extensionRequestedAt ? row.extensionReason : null,
    decisionReason: row.decisionReason,
    rejectionCode: row.rejectionCode,
    wonAmount: row.wonAmountMinor === null ? null : fromMinor(row.wonAmountMinor, row.currency),
    closeDate: row.closeDate,
    lostReason: row.lostReason,
    crmId: row.crmId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The outbox event `data` for a deal: the deal as staff see it plus `partner: {id, name}`.
 * (The webhooks code adds the portal link when it delivers.)
 */
export function dealEventData(row: DealRow, products: readonly ProductRef[], partner: { id: string; name: string }) {
  return { ...dealView(row, products), partner: { id: partner.id, name: partner.name } };
}

/** A timeline entry as the API shows it. */
export function dealEventView(row: typeof dealEvents.$inferSelect, actorName: string | null) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    type: row.type,
    actorType: row.actorType,
    actorName,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    reason: row.reason,
    expiresAt: row.type === 'deal.extended' && typeof row.details?.expiresAt === 'string' ? row.details.expiresAt : null,
  };
}
