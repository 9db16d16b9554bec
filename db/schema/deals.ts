import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp, updatedAt } from './columns.ts';
import { partners } from './partners.ts';
import { users } from './users.ts';
import { CONFLICT_REASONS, DEAL_STATUSES } from './deal-enums.ts';

export { CONFLICT_REASONS, DEAL_STATUSES, type DealStatus } from './deal-enums.ts';

/** The catalog partners pick products from when registering a deal; managers maintain it. */
export const products = sqliteTable(
  'products',
  {
    id: id(),
    name: text('name').notNull(),
    sku: text('sku').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('products_sku_uq').on(t.sku)],
);

export const deals = sqliteTable(
  'deals',
  {
    id: id(),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    createdBy: text('created_by').references(() => users.id),
    customerName: text('customer_name').notNull(),
    // Normalised for conflict matching (case, punctuation and legal suffixes removed).
    customerNameKey: text('customer_name_key').notNull(),
    // First significant word of the name key (worker/domain/customer-match.ts nameToken):
    // the indexed lookup that finds fuzzy-name conflict candidates without scanning deals.
    customerNameToken: text('customer_name_token').notNull().default(''),
    customerDomain: text('customer_domain').notNull(),
    // Registrable domain (public suffix aware), the primary conflict key.
    registrableDomain: text('registrable_domain').notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactTitle: text('contact_title'),
    country: text('country').notNull(),
    // Money is stored exactly as an integer in the currency's minor unit.
    estimatedValueMinor: integer('estimated_value_minor').notNull(),
    currency: text('currency').notNull(),
    expectedCloseDate: text('expected_close_date').notNull(),
    notes: text('notes'),
    status: text('status', { enum: DEAL_STATUSES }).notNull(),
    hasConflict: integer('has_conflict', { mode: 'boolean' }).notNull().default(false),
    submittedAt: timestamp('submitted_at').notNull(),
    firstDecisionAt: timestamp('first_decision_at'),
    approvedAt: timestamp('approved_at'),
    expiresAt: timestamp('expires_at'),
    expiringNotifiedAt: timestamp('expiring_notified_at'),
    extensionRequestedAt: timestamp('extension_requested_at'),
    extensionReason: text('extension_reason'),
    rejectionCode: text('rejection_code'),
    decisionReason: text('decision_reason'),
    wonAmountMinor: integer('won_amount_minor'),
    closeDate: text('close_date'),
    lostReason: text('lost_reason'),
    crmId: text('crm_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deals_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
    index('deals_creator_created_idx').on(t.createdBy, t.createdAt, t.id),
    index('deals_status_submitted_idx').on(t.status, t.submittedAt, t.id),
    index('deals_domain_status_idx').on(t.registrableDomain, t.status),
    index('deals_name_key_status_idx').on(t.customerNameKey, t.status),
    index('deals_name_token_status_idx').on(t.customerNameToken, t.status),
    // Keyset pagination for GET /deals sorts (newest/oldest, value, closeDate), per partner and for staff.
    index('deals_created_idx').on(t.createdAt, t.id),
    index('deals_partner_value_idx').on(t.partnerId, t.estimatedValueMinor, t.id),
    index('deals_partner_close_idx').on(t.partnerId, t.expectedCloseDate, t.id),
    index('deals_value_idx').on(t.estimatedValueMinor, t.id),
    index('deals_expected_close_idx').on(t.expectedCloseDate, t.id),
    index('deals_updated_idx').on(t.updatedAt, t.id),
    index('deals_expires_idx').on(t.status, t.expiresAt),
    index('deals_close_idx').on(t.status, t.closeDate),
  ],
);

export const dealProducts = sqliteTable(
  'deal_products',
  {
    dealId: text('deal_id')
      .notNull()
      .references(() => deals.id),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.productId] })],
);

/**
 * Every change and decision on a deal, shown as its timeline. Written together with the
 * audit_log and outbox rows by worker/resources/deals/transition.ts `dealTransition()` (use it
 * for every status change; registration writes its own first row in db/queries/deals.ts).
 */
export const dealEvents = sqliteTable(
  'deal_events',
  {
    id: id(),
    dealId: text('deal_id')
      .notNull()
      .references(() => deals.id),
    at: timestamp('at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: text('actor_id'),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('deal_events_deal_idx').on(t.dealId, t.at), index('deal_events_type_at_idx').on(t.type, t.at)],
);

/** Conflicts found when a deal was registered (or resubmitted); staff see both sides. */
export const dealConflicts = sqliteTable(
  'deal_conflicts',
  {
    id: id(),
    dealId: text('deal_id')
      .notNull()
      .references(() => deals.id),
    conflictingDealId: text('conflicting_deal_id'),
    customerId: text('customer_id'),
    otherPartnerId: text('other_partner_id'),
    reason: text('reason', { enum: CONFLICT_REASONS }).notNull(),
    score: real('score'),
    createdAt: createdAt(),
  },
  (t) => [
    index('deal_conflicts_deal_idx').on(t.dealId),
    index('deal_conflicts_other_idx').on(t.conflictingDealId),
  ],
);

/** Existing customers (uploaded as CSV or pushed by the CRM): registrations for them conflict. */
export const customers = sqliteTable(
  'customers',
  {
    id: id(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    nameToken: text('name_token').notNull().default(''),
    domain: text('domain'),
    registrableDomain: text('registrable_domain'),
    crmId: text('crm_id'),
    source: text('source', { enum: ['csv', 'crm', 'manual'] }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('customers_domain_idx').on(t.registrableDomain),
    index('customers_name_key_idx').on(t.nameKey),
    index('customers_name_token_idx').on(t.nameToken),
    index('customers_name_idx').on(t.name, t.id),
    index('customers_crm_idx').on(t.crmId),
  ],
);

/**
 * Stored first responses for `Idempotency-Key` retries of POST /deals. `scope` is the actor
 * (`user:<id>`), `requestHash` the SHA-256 of the canonical request body; the row commits in
 * the same batch as the deal it answers for.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
