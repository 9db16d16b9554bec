import { and, asc, desc, eq, inArray, lt, or, getTableColumns, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { events, partners, tiers, users } from '../schema/index.ts';
import type { KeysetPosition } from './keyset.ts';

const partnerColumns = { ...getTableColumns(partners), tierName: tiers.name };

/** Newest first, keyset on (created_at, id) — the partners_created_idx index. */
export function partnerPageQuery(
  db: Db,
  filter: { stage?: string; type?: string; tierId?: string; q?: string },
  after: KeysetPosition | null,
  limit: number,
) {
  const conditions: (SQL | undefined)[] = [
    filter.stage ? eq(partners.stage, filter.stage as never) : undefined,
    filter.type ? eq(partners.type, filter.type as never) : undefined,
    filter.tierId ? eq(partners.tierId, filter.tierId) : undefined,
    filter.q ? startsWith(partners.name, filter.q) : undefined,
    after ? or(lt(partners.createdAt, new Date(after.at)), and(eq(partners.createdAt, new Date(after.at)), lt(partners.id, after.id))) : undefined,
  ];
  return db
    .select(partnerColumns)
    .from(partners)
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .where(and(...conditions))
    .orderBy(desc(partners.createdAt), desc(partners.id))
    .limit(limit + 1);
}

/** One partner; `ownPartnerId` (partner users) limits it to their own company. */
export function partnerQuery(db: Db, id: string, ownPartnerId?: string | null) {
  return db
    .select(partnerColumns)
    .from(partners)
    .leftJoin(tiers, eq(tiers.id, partners.tierId))
    .where(and(eq(partners.id, id), ownPartnerId === undefined ? undefined : eq(partners.id, ownPartnerId ?? '')));
}

export const tierQuery = (db: Db, id: string) => db.select({ id: tiers.id, name: tiers.name }).from(tiers).where(eq(tiers.id, id));
export const tierListQuery = (db: Db) => db.select().from(tiers).orderBy(asc(tiers.rank));

/** Staff users among `ids` (a partner's owner must be vendor staff). */
export const staffUsersQuery = (db: Db, ids: string[]) =>
  db.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), inArray(users.role, ['manager', 'admin']), eq(users.status, 'active')));

export const partnerByNameQuery = (db: Db, name: string) =>
  db.select({ id: partners.id }).from(partners).where(eq(partners.name, name));

export const insertPartner = (db: Db, row: typeof partners.$inferInsert) => db.insert(partners).values(row);

export const updatePartner = (db: Db, id: string, patch: Partial<typeof partners.$inferInsert>) =>
  db.update(partners).set(patch).where(eq(partners.id, id));

/** The outbox event that tells the CRM about a partner change (committed with it). */
export const partnerEvent = (db: Db, row: typeof events.$inferInsert) => db.insert(events).values(row);

/** Case-insensitive prefix match; `%` and `_` typed by a user are literal characters, not wildcards. */
export function startsWith(column: AnyColumn, text: string): SQL {
  const pattern = `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}
