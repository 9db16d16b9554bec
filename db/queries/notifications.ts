import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { deals, events, mailMessages, notifications, notificationSettings, partners, passwordResets, sessions, users } from '../schema/index.ts';
import { insertIfPreviousChanged, insertRowsWhere } from './insert-where.ts';
import { inJsonList, prepared, preparedInsert } from './prepared.ts';
import { STAFF_ROLES } from '../schema/users.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;
export type MailInsert = typeof mailMessages.$inferInsert;
export type MailRow = typeof mailMessages.$inferSelect;
export type SettingsRow = typeof notificationSettings.$inferSelect;

// ---- in-app notifications ------------------------------------------------------------------

/** A user's notifications, newest first; `limit + 1` rows so the caller knows whether more follow. */
export function notificationPageQuery(db: Db, userId: string, unreadOnly: boolean, after: { at: number; id: string } | null, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        unreadOnly ? isNull(notifications.readAt) : undefined,
        after ? or(lt(notifications.createdAt, new Date(after.at)), and(eq(notifications.createdAt, new Date(after.at)), lt(notifications.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
}

export const unreadCountQuery = (db: Db, userId: string) =>
  db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));

/** Marks the user's own notifications read (`ids` null: all of them); other users' ids match nothing. */
export function markNotificationsRead(db: Db, userId: string, ids: readonly string[] | null, at: Date) {
  return db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids ? inArray(notifications.id, [...ids]) : undefined))
    .returning({ id: notifications.id });
}

export const insertNotifications = preparedInsert(notifications, (q) => q.onConflictDoNothing());

// ---- preferences -----------------------------------------------------------------------------

export const settingsQuery = (db: Db, userId: string) => db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));

export function upsertSettings(db: Db, row: typeof notificationSettings.$inferInsert) {
  return db
    .insert(notificationSettings)
    .values(row)
    .onConflictDoUpdate({
      target: notificationSettings.userId,
      set: { emailOff: sql`excluded.email_off`, teamDeals: sql`excluded.team_deals`, dailyDigest: sql`excluded.daily_digest`, updatedAt: sql`excluded.updated_at` },
    });
}

// ---- trigger context (outbox events → recipients) ---------------------------------------------

/** The events with their partner's owning manager. */
const preparedTriggerEvents = prepared(['ids'], (db, p) =>
  db
    .select({
      id: events.id,
      type: events.type,
      occurredAt: events.occurredAt,
      partnerId: events.partnerId,
      subjectType: events.subjectType,
      subjectId: events.subjectId,
      data: events.data,
      partnerOwnerId: partners.ownerId,
    })
    .from(events)
    .leftJoin(partners, eq(partners.id, events.partnerId))
    .where(inJsonList(events.id, p.ids)),
);
export const triggerEventsQuery = (db: Db, ids: readonly string[]) => preparedTriggerEvents(db, { ids: JSON.stringify(ids) });

/**
 * Everyone who might receive a notification for these events: active staff, and active users
 * of the partners the events are about, each with their settings (null = defaults).
 */
const preparedRecipientCandidates = prepared(['eventIds'], (db, p) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      partnerId: users.partnerId,
      settings: { emailOff: notificationSettings.emailOff, teamDeals: notificationSettings.teamDeals, dailyDigest: notificationSettings.dailyDigest },
    })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(
      and(
        eq(users.status, 'active'),
        or(
          inArray(users.role, [...STAFF_ROLES]),
          inArray(users.partnerId, db.select({ id: events.partnerId }).from(events).where(inJsonList(events.id, p.eventIds))),
        ),
      ),
    ),
);
export const recipientCandidatesQuery = (db: Db, eventIds: readonly string[]) => preparedRecipientCandidates(db, { eventIds: JSON.stringify(eventIds) });

/** Active staff with their settings (the SLA check's recipients). */
export const staffCandidatesQuery = (db: Db) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      partnerId: users.partnerId,
      settings: { emailOff: notificationSettings.emailOff, teamDeals: notificationSettings.teamDeals, dailyDigest: notificationSettings.dailyDigest },
    })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(and(eq(users.status, 'active'), inArray(users.role, [...STAFF_ROLES])));

/** Registrations waiting for a decision (oldest first), with the partner's name and owner. */
export const pendingDecisionsQuery = (db: Db, limit: number) =>
  db
    .select({ id: deals.id, customerName: deals.customerName, submittedAt: deals.submittedAt, partnerId: deals.partnerId, partnerName: partners.name, partnerOwnerId: partners.ownerId })
    .from(deals)
    .innerJoin(partners, eq(partners.id, deals.partnerId))
    .where(inArray(deals.status, ['submitted', 'resubmitted']))
    .orderBy(asc(deals.submittedAt))
    .limit(limit);

// ---- mail outbox -------------------------------------------------------------------------------

/** Inserts mail rows, skipping dedupe keys that exist; returns only the new rows. */
export const insertMails = preparedInsert(mailMessages, (q) => q.onConflictDoNothing().returning({ id: mailMessages.id, status: mailMessages.status }));

export const mailsByIdQuery = (db: Db, ids: readonly string[]) => db.select().from(mailMessages).where(inArray(mailMessages.id, [...ids]));

export const updateMail = (db: Db, id: string, patch: Partial<MailInsert>) => db.update(mailMessages).set(patch).where(eq(mailMessages.id, id));

/** Pending mail due before `dueBefore`: its queue message was lost or never sent. */
export const overdueMailsQuery = (db: Db, dueBefore: Date, limit: number) =>
  db
    .select({ id: mailMessages.id })
    .from(mailMessages)
    .where(and(eq(mailMessages.status, 'pending'), lte(mailMessages.nextAttemptAt, dueBefore)))
    .orderBy(mailMessages.nextAttemptAt)
    .limit(limit);

export const touchMails = (db: Db, ids: readonly string[], at: Date) =>
  db.update(mailMessages).set({ nextAttemptAt: at, updatedAt: at }).where(inArray(mailMessages.id, [...ids]));

/** Held (digest) mail of users whose last digest is older than `since`, oldest first. */
export const heldMailsQuery = (db: Db, since: Date, limit: number) =>
  db
    .select({ mail: mailMessages, lastDigestAt: notificationSettings.lastDigestAt })
    .from(mailMessages)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, mailMessages.userId))
    .where(and(eq(mailMessages.status, 'held'), or(isNull(notificationSettings.lastDigestAt), lt(notificationSettings.lastDigestAt, since))))
    .orderBy(asc(mailMessages.createdAt))
    .limit(limit);

export const markDigested = (db: Db, ids: readonly string[], at: Date) =>
  db.update(mailMessages).set({ status: 'digested', content: null, updatedAt: at }).where(and(inArray(mailMessages.id, [...ids]), eq(mailMessages.status, 'held')));

export const setLastDigest = (db: Db, userIds: readonly string[], at: Date) =>
  db.update(notificationSettings).set({ lastDigestAt: at }).where(inArray(notificationSettings.userId, [...userIds]));

// ---- password resets ----------------------------------------------------------------------------

export const insertPasswordReset = (db: Db, row: typeof passwordResets.$inferInsert) => db.insert(passwordResets).values(row);

/** A reset link's row with its user (status checked by the caller). */
export const passwordResetQuery = (db: Db, tokenHash: string) =>
  db
    .select({ reset: passwordResets, user: { id: users.id, email: users.email, status: users.status, partnerId: users.partnerId } })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, tokenHash));

/**
 * Uses the link: only while unused and unexpired at `now`, so two confirms race to one winner,
 * marked with the winner's `nonce` (a random id per request) for `resetConsumedBy`.
 */
export const consumePasswordReset = (db: Db, id: string, now: Date, nonce: string) =>
  db
    .update(passwordResets)
    .set({ usedAt: now, usedBy: nonce })
    .where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt), sql`${passwordResets.expiresAt} > ${now.getTime()}`))
    .returning({ id: passwordResets.id });

/** Any other open links of the user die with a successful reset. */
export const closeUserResets = (db: Db, userId: string, now: Date) =>
  db.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));

/** True while the account's reset counter (rate_limits row `key`) is below `max` for the window ending at `now`. */
export const resetCounterAllows = (key: string, limit: { max: number; windowMs: number }, now: Date) =>
  sql`coalesce((select case when window_start <= ${now.getTime() - limit.windowMs} then 0 else count end from rate_limits where key = ${key}), 0) < ${limit.max}`;

/**
 * A reset link and its mail, written only while `allowed` holds; the mail follows the link
 * (`changes() = 1`), so an audit entry chained after them sees whether the link was written.
 */
export const insertResetAndMailWhere = (db: Db, reset: typeof passwordResets.$inferInsert, mail: MailInsert, allowed: SQL) =>
  [insertRowsWhere(db, passwordResets, [reset], allowed), insertIfPreviousChanged(db, mailMessages, mail)] as const;

/** True once this request consumed the link (its used_by is this request's nonce): the winner of racing confirms. */
export const resetConsumedBy = (resetId: string, nonce: string) =>
  sql`exists (select 1 from ${passwordResets} where ${passwordResets.id} = ${resetId} and ${passwordResets.usedBy} = ${nonce})`;

/** The new password, the user's sessions revoked and their other links closed, all only while `won` holds. */
export function resetPasswordStatements(db: Db, userId: string, passwordHash: string, now: Date, won: SQL) {
  return [
    db.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(and(eq(users.id, userId), won)),
    db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), won)),
    db.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), won)),
  ] as const;
}
