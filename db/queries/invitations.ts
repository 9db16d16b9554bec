import { and, desc, eq, gt, isNotNull, isNull, lt, lte, notExists, or, sql, type SQL } from 'drizzle-orm';
import { insertIfPreviousChanged, insertRowsWhere } from './insert-where.ts';
import type { Db } from '../client.ts';
import { invitations, mailMessages, partners, sessions, users } from '../schema/index.ts';
import type { InvitationStatus } from '../schema/auth.ts';
import type { KeysetPosition } from './keyset.ts';

const invitationColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  partnerId: invitations.partnerId,
  partnerName: partners.name,
  invitedBy: invitations.invitedBy,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  revokedAt: invitations.revokedAt,
};

export type InvitationScope = { partnerId: string } | 'partners' | 'all';

function scopeCondition(scope: InvitationScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if (scope === 'partners') return isNotNull(invitations.partnerId);
  return eq(invitations.partnerId, scope.partnerId);
}

function statusCondition(status: InvitationStatus, now: Date): SQL | undefined {
  const open = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));
  switch (status) {
    case 'pending':
      return and(open, gt(invitations.expiresAt, now));
    case 'expired':
      return and(open, lte(invitations.expiresAt, now));
    case 'accepted':
      return isNotNull(invitations.acceptedAt);
    case 'revoked':
      return and(isNull(invitations.acceptedAt), isNotNull(invitations.revokedAt));
  }
}

export function invitationPageQuery(
  db: Db,
  scope: InvitationScope,
  filter: { status: InvitationStatus; partnerId?: string },
  now: Date,
  after: KeysetPosition | null,
  limit: number,
) {
  return db
    .select(invitationColumns)
    .from(invitations)
    .leftJoin(partners, eq(partners.id, invitations.partnerId))
    .where(
      and(
        scopeCondition(scope),
        filter.partnerId ? eq(invitations.partnerId, filter.partnerId) : undefined,
        statusCondition(filter.status, now),
        after ? or(lt(invitations.createdAt, new Date(after.at)), and(eq(invitations.createdAt, new Date(after.at)), lt(invitations.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(limit + 1);
}

export const invitationQuery = (db: Db, id: string, scope: InvitationScope) =>
  db
    .select(invitationColumns)
    .from(invitations)
    .leftJoin(partners, eq(partners.id, invitations.partnerId))
    .where(and(eq(invitations.id, id), scopeCondition(scope)));

/** By link token, with the partner summary the accepted user's session shows. */
export const invitationByTokenQuery = (db: Db, tokenHash: string) =>
  db
    .select({ ...invitationColumns, partnerType: partners.type, partnerTierId: partners.tierId, partnerStage: partners.stage }).from(invitations).leftJoin(partners, eq(partners.id, invitations.partnerId)).where(eq(invitations.tokenHash, tokenHash));

/** A still-open invitation for this email (one at a time per address). */
export const pendingInvitationForQuery = (db: Db, email: string, now: Date) =>
  db.select({ id: invitations.id, partnerId: invitations.partnerId }).from(invitations).where(and(eq(invitations.email, email), statusCondition('pending', now)));

export const partnerNameQuery = (db: Db, id: string) => db.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.id, id));

export const insertInvitation = (db: Db, row: typeof invitations.$inferInsert) => db.insert(invitations).values(row);

/**
 * Inserts the invitation unless the same email already has a pending one into the same company
 * (or staff), checked inside the write: two concurrent invitations cannot both be created.
 * Returns the id when inserted, nothing otherwise.
 */
export function insertInvitationIfNonePending(db: Db, row: typeof invitations.$inferInsert & { email: string; partnerId: string | null }, now: Date) {
  const samePartner = row.partnerId === null ? isNull(invitations.partnerId) : eq(invitations.partnerId, row.partnerId);
  const pending = db.select({ one: sql`1` }).from(invitations).where(and(eq(invitations.email, row.email), samePartner, statusCondition('pending', now)));
  return insertRowsWhere(db, invitations, [row], notExists(pending)).returning({ id: invitations.id });
}

export const revokeInvitation = (db: Db, id: string, now: Date) =>
  db.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));

/**
 * Marks the invitation used — only while it is still pending at `now`, so a revocation or
 * acceptance committed since it was read wins. Returns the row when it was marked.
 */
export const markAccepted = (db: Db, id: string, userId: string, now: Date) =>
  db
    .update(invitations)
    .set({ acceptedAt: now, acceptedUserId: userId })
    .where(and(eq(invitations.id, id), statusCondition('pending', now)))
    .returning({ id: invitations.id });

/** The invitation's mail, written only when the invitation insert just before it created the row. */
export const insertInvitationMail = (db: Db, mail: typeof mailMessages.$inferInsert) => insertIfPreviousChanged(db, mailMessages, mail);

/**
 * Acceptance: the invitation marked accepted while still pending, then the new user and their
 * session, each only if the statement before it wrote its row (a revoked or already accepted
 * invitation creates nothing). The first statement's result is empty when it lost.
 */
export const acceptInvitationStatements = (db: Db, invitationId: string, user: typeof users.$inferInsert & { id: string }, session: typeof sessions.$inferInsert, now: Date) =>
  [markAccepted(db, invitationId, user.id, now), insertIfPreviousChanged(db, users, user), insertIfPreviousChanged(db, sessions, session)] as const;
