import { and, desc, eq, gt, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { CONTENT_MAX_UPLOAD_KEY, DEFAULT_CONTENT_MAX_UPLOAD_BYTES, type ContentCategory, type ContentStatus } from '../schema/content-enums.ts';
import { contentAssets, contentDownloads, contentVersions, partners, settings, tiers } from '../schema/index.ts';

/** Who is looking: staff see every asset, a partner only what the visibility rule lets through. */
export type ContentViewer = { kind: 'staff' } | { kind: 'partner'; partnerId: string };

/**
 * What a partner may see, as SQL (the same rule as `isVisibleToPartner` in
 * worker/resources/content/rules.ts): published, not expired, the partner's type allowed
 * (none listed = all), and the partner's tier rank at least the asset's minimum tier rank
 * (a partner without a tier has rank 0).
 */
export function visibleToPartner(partnerId: string, now: Date): SQL {
  const a = contentAssets;
  return sql`(${a.status} = 'published'
    and (${a.expiresAt} is null or ${a.expiresAt} > ${now.getTime()})
    and (json_array_length(${a.partnerTypes}) = 0
      or exists (select 1 from json_each(${a.partnerTypes}) where value = (select type from partners where id = ${partnerId})))
    and (${a.minTierId} is null
      or (select rank from tiers where id = ${a.minTierId})
        <= coalesce((select t.rank from partners p join tiers t on t.id = p.tier_id where p.id = ${partnerId}), 0)))`;
}

const scope = (viewer: ContentViewer, now: Date) => (viewer.kind === 'partner' ? visibleToPartner(viewer.partnerId, now) : undefined);

export interface ContentListFilter {
  q?: string;
  category?: ContentCategory;
  tag?: string;
  /** Staff only; without it staff see drafts and published, not archived. */
  status?: ContentStatus;
  sort: 'newest' | 'popular';
  after: { at: number; id: string } | null;
  limit: number;
}

/** One page of assets in keyset order (limit+1 rows; `pageFrom` cuts). */
export function contentListQuery(db: Db, viewer: ContentViewer, filter: ContentListFilter, now: Date) {
  const a = contentAssets;
  const like = filter.q ? `%${filter.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const sortColumn = filter.sort === 'popular' ? a.downloadCount : a.createdAt;
  const at = filter.after ? (filter.sort === 'popular' ? filter.after.at : new Date(filter.after.at)) : null;
  const after =
    filter.after && at !== null
      ? or(lt(sortColumn, at as never), and(eq(sortColumn, at as never), lt(a.id, filter.after.id)))
      : undefined;
  return db
    .select()
    .from(a)
    .where(
      and(
        scope(viewer, now),
        viewer.kind === 'staff' ? (filter.status ? eq(a.status, filter.status) : ne(a.status, 'archived')) : undefined,
        filter.category ? eq(a.category, filter.category) : undefined,
        filter.tag ? sql`exists (select 1 from json_each(${a.tags}) where value = ${filter.tag})` : undefined,
        like
          ? or(
              sql`lower(${a.title}) like ${like} escape '\\'`,
              sql`lower(coalesce(${a.description}, '')) like ${like} escape '\\'`,
              sql`lower(${a.fileName}) like ${like} escape '\\'`,
              sql`lower(${a.tags}) like ${like} escape '\\'`,
            )
          : undefined,
        after,
      ),
    )
    .orderBy(desc(sortColumn), desc(a.id))
    .limit(filter.limit + 1);
}

/** One asset if the viewer may see it (partners: the visibility rule; archived ones too for staff). */
export function contentByIdQuery(db: Db, viewer: ContentViewer, id: string, now: Date) {
  return db
    .select()
    .from(contentAssets)
    .where(and(eq(contentAssets.id, id), scope(viewer, now)));
}

/** The upload size limit (program setting); combine into a read batch, then `toMaxUploadBytes`. */
export function maxUploadQuery(db: Db) {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, CONTENT_MAX_UPLOAD_KEY));
}

export function toMaxUploadBytes(rows: Array<{ value: unknown }>): number {
  const value = rows[0]?.value;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_CONTENT_MAX_UPLOAD_BYTES;
}

export function tierByIdQuery(db: Db, id: string) {
  return db.select({ id: tiers.id }).from(tiers).where(eq(tiers.id, id));
}

export function versionsQuery(db: Db, assetId: string) {
  return db.select().from(contentVersions).where(eq(contentVersions.assetId, assetId)).orderBy(desc(contentVersions.version));
}

export function versionQuery(db: Db, assetId: string, version: number) {
  return db
    .select()
    .from(contentVersions)
    .where(and(eq(contentVersions.assetId, assetId), eq(contentVersions.version, version)));
}

/** The download row and the counter, for one batch. */
export function recordDownload(db: Db, row: typeof contentDownloads.$inferInsert) {
  return [
    db.insert(contentDownloads).values(row),
    db
      .update(contentAssets)
      .set({ downloadCount: sql`${contentAssets.downloadCount} + 1` })
      .where(eq(contentAssets.id, row.assetId)),
  ] as const;
}

/** Download statistics of one asset: totals, per partner, per day since `since`; one batch. */
export function downloadStatsQueries(db: Db, assetId: string, since: Date) {
  const d = contentDownloads;
  const day = sql<number>`(${d.at} / 86400000)`;
  return [
    db
      .select({ total: sql<number>`count(*)`, partners: sql<number>`count(distinct ${d.partnerId})` })
      .from(d)
      .where(eq(d.assetId, assetId)),
    db
      .select({ partnerId: d.partnerId, partnerName: partners.name, downloads: sql<number>`count(*)`, lastAt: sql<number>`max(${d.at})` })
      .from(d)
      .leftJoin(partners, eq(partners.id, d.partnerId))
      .where(eq(d.assetId, assetId))
      .groupBy(d.partnerId)
      .orderBy(desc(sql`count(*)`))
      .limit(200),
    db
      .select({ day, downloads: sql<number>`count(*)` })
      .from(d)
      .where(and(eq(d.assetId, assetId), gt(d.at, since)))
      .groupBy(day)
      .orderBy(day),
  ] as const;
}

// ---- writes -------------------------------------------------------------------------------------

/** The file of one version, as content_assets and content_versions both store it. */
export type ContentFileColumns = Pick<typeof contentVersions.$inferInsert, 'objectKey' | 'fileName' | 'size' | 'contentType' | 'sha256'>;

/** A new asset and its version 1. */
export function insertAssetStatements(db: Db, asset: typeof contentAssets.$inferInsert & { id: string }, versionId: string) {
  const file: ContentFileColumns = { objectKey: asset.objectKey, fileName: asset.fileName, size: asset.size, contentType: asset.contentType, sha256: asset.sha256 };
  return [
    db.insert(contentAssets).values(asset),
    db.insert(contentVersions).values({ id: versionId, assetId: asset.id, version: 1, ...file, createdBy: asset.createdBy, createdAt: asset.createdAt }),
  ] as const;
}

/**
 * A new current version of an asset: the number is computed in SQL (version + 1, then read back
 * by the version row), so two concurrent uploads get consecutive numbers, never the same one.
 */
export function addVersionStatements(
  db: Db,
  v: { id: string; assetId: string; file: ContentFileColumns; restoredFrom: number | null; createdBy: string | null; at: Date },
) {
  return [
    db
      .update(contentAssets)
      .set({ ...v.file, version: sql`${contentAssets.version} + 1`, updatedAt: v.at })
      .where(eq(contentAssets.id, v.assetId)),
    db.insert(contentVersions).values({
      id: v.id,
      assetId: v.assetId,
      version: sql`(select version from content_assets where id = ${v.assetId})` as never,
      ...v.file,
      restoredFrom: v.restoredFrom,
      createdBy: v.createdBy,
      createdAt: v.at,
    }),
  ] as const;
}

export const updateAsset = (db: Db, id: string, changes: Partial<typeof contentAssets.$inferInsert>) =>
  db.update(contentAssets).set(changes).where(eq(contentAssets.id, id));

/** Archives the asset; the returned row is empty when no asset has that id. */
export const archiveAsset = (db: Db, id: string, now: Date) =>
  db.update(contentAssets).set({ status: 'archived', updatedAt: now }).where(eq(contentAssets.id, id)).returning();
