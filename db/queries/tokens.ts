import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { apiTokens } from '../schema/index.ts';
import type { KeysetPosition } from './keyset.ts';

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  scopes: apiTokens.scopes,
  createdBy: apiTokens.createdBy,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** Newest first (the hash never leaves the database). */
export function tokenPageQuery(db: Db, after: KeysetPosition | null, limit: number) {
  return db
    .select(tokenColumns)
    .from(apiTokens)
    .where(after ? or(lt(apiTokens.createdAt, new Date(after.at)), and(eq(apiTokens.createdAt, new Date(after.at)), lt(apiTokens.id, after.id))) : undefined)
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(limit + 1);
}

export const tokenQuery = (db: Db, id: string) => db.select(tokenColumns).from(apiTokens).where(eq(apiTokens.id, id));

export const insertToken = (db: Db, row: typeof apiTokens.$inferInsert) => db.insert(apiTokens).values(row);

export const revokeToken = (db: Db, id: string, now: Date) =>
  db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
