import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CONTENT_CATEGORIES, CONTENT_STATUSES } from './content-enums.ts';
import { createdAt, id, timestamp, updatedAt } from './columns.ts';
import { partners, tiers, type PartnerType } from './partners.ts';
import { users } from './users.ts';

/**
 * Enablement assets. The current version's file fields are copied onto the asset so a list
 * or a download needs one query; every version (including the current) is in content_versions.
 */
export const contentAssets = sqliteTable(
  'content_assets',
  {
    id: id(),
    title: text('title').notNull(),
    description: text('description'),
    category: text('category', { enum: CONTENT_CATEGORIES }).notNull(),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
    minTierId: text('min_tier_id').references(() => tiers.id),
    // Empty = every partner type.
    partnerTypes: text('partner_types', { mode: 'json' }).$type<PartnerType[]>().notNull(),
    status: text('status', { enum: CONTENT_STATUSES }).notNull(),
    expiresAt: timestamp('expires_at'),
    publishedAt: timestamp('published_at'),
    version: integer('version').notNull(),
    objectKey: text('object_key').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    downloadCount: integer('download_count').notNull().default(0),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('content_assets_created_idx').on(t.createdAt, t.id),
    index('content_assets_popular_idx').on(t.downloadCount, t.id),
  ],
);

export const contentVersions = sqliteTable(
  'content_versions',
  {
    id: id(),
    assetId: text('asset_id')
      .notNull()
      .references(() => contentAssets.id),
    version: integer('version').notNull(),
    // Restoring an earlier version adds a version that points at the same object.
    objectKey: text('object_key').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    restoredFrom: integer('restored_from'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('content_versions_asset_version_uq').on(t.assetId, t.version)],
);

/** One row per download: who (user, partner), what (asset, version), when. */
export const contentDownloads = sqliteTable(
  'content_downloads',
  {
    id: id(),
    assetId: text('asset_id')
      .notNull()
      .references(() => contentAssets.id),
    version: integer('version').notNull(),
    userId: text('user_id').references(() => users.id),
    partnerId: text('partner_id').references(() => partners.id),
    at: timestamp('at').notNull(),
  },
  (t) => [index('content_downloads_asset_idx').on(t.assetId, t.at), index('content_downloads_partner_idx').on(t.assetId, t.partnerId)],
);


