import { inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { settings } from '../schema/index.ts';
import { CONTENT_MAX_UPLOAD_KEY, DEFAULT_CONTENT_MAX_UPLOAD_BYTES } from '../schema/content-enums.ts';

/** Program settings the API exposes, with the value used while no row exists. */
export interface ProgramSettings {
  approvalSlaBusinessDays: number;
  defaultProtectionDays: number;
  /** Days a proposed tier downgrade waits before a manager may apply it. */
  tierDowngradeGraceDays: number;
  /** The largest content library upload, in bytes (413 above it). */
  contentMaxUploadBytes: number;
}

export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = {
  approvalSlaBusinessDays: 2,
  defaultProtectionDays: 90,
  tierDowngradeGraceDays: 30,
  contentMaxUploadBytes: DEFAULT_CONTENT_MAX_UPLOAD_BYTES,
};

/** API field → settings.key (snake_case keys, as the seed writes them). */
const KEYS = {
  approvalSlaBusinessDays: 'approval_sla_business_days',
  defaultProtectionDays: 'default_protection_days',
  tierDowngradeGraceDays: 'tier_downgrade_grace_days',
  contentMaxUploadBytes: CONTENT_MAX_UPLOAD_KEY,
} as const satisfies Record<keyof ProgramSettings, string>;

/** The program settings rows; combine into a request's read batch, then `toProgramSettings`. */
export function programSettingsQuery(db: Db) {
  return db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, Object.values(KEYS)));
}

/** Rows → settings, falling back to the defaults for missing or malformed values. */
export function toProgramSettings(rows: Array<{ key: string; value: unknown }>): ProgramSettings {
  const result = { ...DEFAULT_PROGRAM_SETTINGS };
  for (const field of Object.keys(KEYS) as Array<keyof ProgramSettings>) {
    const value = rows.find((r) => r.key === KEYS[field])?.value;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) result[field] = value;
  }
  return result;
}

/**
 * Upserts of the given settings, after `audit` (the entry worker/lib/audit.ts builds for the
 * change), for one `db.batch`.
 */
export function saveProgramSettings(db: Db, next: ProgramSettings, audit: BatchItem<'sqlite'>, at = new Date()): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const upserts = (Object.keys(KEYS) as Array<keyof ProgramSettings>).map((field) =>
    db
      .insert(settings)
      .values({ key: KEYS[field], value: next[field], updatedAt: at })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: at } }),
  );
  return [audit, ...upserts];
}
