import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp, updatedAt } from './columns.ts';
import { users } from './users.ts';

/**
 * In-app notifications: one row per recipient. `dedupeKey` is what made it (an outbox event
 * id, or e.g. `sla:<deal>:<submittedAt>` for a cron check): unique per user, so the
 * after-commit fan-out and the cron sweep racing each other create it once.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    // Portal path, e.g. /deals/dl_…
    link: text('link'),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_user_unread_idx').on(t.userId, t.readAt),
  ],
);

/** One row per user who changed a default (no row = every email on, no digest, no team deals). */
export const notificationSettings = sqliteTable('notification_settings', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  // Notification types whose email is switched off (in-app stays on).
  emailOff: text('email_off', { mode: 'json' }).$type<string[]>().notNull(),
  // Partner admins: also hear about colleagues' deals.
  teamDeals: integer('team_deals', { mode: 'boolean' }).notNull().default(false),
  // Staff: one email a day instead of one per notification.
  dailyDigest: integer('daily_digest', { mode: 'boolean' }).notNull().default(false),
  lastDigestAt: timestamp('last_digest_at'),
  updatedAt: updatedAt(),
});

export const MAIL_STATUSES = ['pending', 'held', 'sent', 'digested', 'dead'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The mail outbox: one row per message, created in the same batch as its cause (or its
 * notification), sent by the MAIL_QUEUE consumer. `dedupeKey` is unique, so a message is
 * created once; its state lives here, so a duplicate queue message sends nothing twice.
 * `content` is the JSON of {subject, text, html}; messages carrying a secret link (password
 * reset, invitation) are sealed under SECRETS_KEY and wiped once sent. `held`: waiting for
 * the recipient's daily digest.
 */
export const mailMessages = sqliteTable(
  'mail_messages',
  {
    id: id(),
    dedupeKey: text('dedupe_key').notNull(),
    type: text('type').notNull(),
    toAddress: text('to_address').notNull(),
    userId: text('user_id'),
    content: text('content'),
    sealed: integer('sealed', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: MAIL_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at'),
    providerMessageId: text('provider_message_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mail_messages_dedupe_uq').on(t.dedupeKey),
    index('mail_messages_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_messages_user_status_idx').on(t.userId, t.status),
  ],
);

/** Forgot-password links: single use, 1 hour; only the SHA-256 of the link token is stored. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
    usedAt: timestamp('used_at'),
    // A random nonce of the request that used the link: only that request's follow-up statements
    // run (two confirms in the same millisecond would both match a used_at marker).
    usedBy: text('used_by'),
  },
  (t) => [uniqueIndex('password_resets_token_uq').on(t.tokenHash), index('password_resets_user_idx').on(t.userId, t.createdAt)],
);
