import { and, count, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { users } from '../schema/index.ts';
import type { Role } from '../schema/users.ts';
import type { KeysetPosition } from './keyset.ts';
import { startsWith } from './partners.ts';

export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  partnerId: users.partnerId,
  status: users.status,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export interface UserFilter {
  partnerId?: string;
  role?: Role;
  status?: 'active' | 'deactivated';
  q?: string;
}

/** Newest first, keyset on (created_at, id). `filter.partnerId` is the tenant for /team. */
export function userPageQuery(db: Db, filter: UserFilter, after: KeysetPosition | null, limit: number) {
  const conditions: (SQL | undefined)[] = [
    filter.partnerId !== undefined ? eq(users.partnerId, filter.partnerId) : undefined,
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.status ? eq(users.status, filter.status) : undefined,
    filter.q ? or(startsWith(users.email, filter.q.toLowerCase()), startsWith(users.name, filter.q)) : undefined,
    after ? or(lt(users.createdAt, new Date(after.at)), and(eq(users.createdAt, new Date(after.at)), lt(users.id, after.id))) : undefined,
  ];
  return db
    .select(userColumns)
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
}

/** One user; `ownPartnerId` (partner admins) limits it to their own company. */
export function userQuery(db: Db, id: string, ownPartnerId?: string) {
  return db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, id), ownPartnerId === undefined ? undefined : eq(users.partnerId, ownPartnerId)));
}

/** Active partner admins of the company the user `id` belongs to. */
export function activeAdminsBesideQuery(db: Db, id: string) {
  const target = db.select({ partnerId: users.partnerId }).from(users).where(eq(users.id, id));
  return db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.partnerId, target), eq(users.role, 'partner_admin'), eq(users.status, 'active')));
}

export const updateUser = (db: Db, id: string, patch: Partial<typeof users.$inferInsert>) =>
  db.update(users).set(patch).where(eq(users.id, id));

export const userByEmailQuery = (db: Db, email: string) => db.select({ id: users.id, partnerId: users.partnerId }).from(users).where(eq(users.email, email));
