import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, updatedAt } from './columns.ts';

export const PARTNER_TYPES = [
  'technology_alliance',
  'reseller',
  'system_integrator',
  'oem',
  'go_to_market',
  'isv',
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const LIFECYCLE_STAGES = ['prospect', 'onboarding', 'active', 'at_risk', 'inactive'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Program tiers (Registered, Silver, Gold, Platinum): requirements and benefits. */
export const tiers = sqliteTable(
  'tiers',
  {
    id: id(),
    name: text('name').notNull(),
    rank: integer('rank').notNull(),
    protectionDays: integer('protection_days').notNull().default(90),
    requiredCertifiedPeople: integer('required_certified_people').notNull().default(0),
    requiredRevenueMinor: integer('required_revenue_minor').notNull().default(0),
    // Revenue counts in this currency only: amounts are never converted (like the KPIs).
    requiredRevenueCurrency: text('required_revenue_currency').notNull().default('USD'),
    requiredWonDeals: integer('required_won_deals').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tiers_name_uq').on(t.name)],
);

export const partners = sqliteTable(
  'partners',
  {
    id: id(),
    name: text('name').notNull(),
    type: text('type', { enum: PARTNER_TYPES }).notNull(),
    tierId: text('tier_id').references(() => tiers.id),
    stage: text('stage', { enum: LIFECYCLE_STAGES }).notNull().default('prospect'),
    region: text('region').notNull(),
    // The vendor manager who owns the relationship (a users.id with a staff role).
    ownerId: text('owner_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('partners_name_uq').on(t.name),
    index('partners_created_idx').on(t.createdAt, t.id),
  ],
);
