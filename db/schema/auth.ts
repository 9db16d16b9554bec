import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp } from './columns.ts';
import { partners } from './partners.ts';
import { ROLES, users } from './users.ts';

/**
 * Portal sign-in sessions. Only the SHA-256 of the session token is stored; the cookie carries
 * the token plus HMAC-signed claims (worker/domain/session.ts), so a stolen database row
 * cannot be replayed as a cookie.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    // Absolute timeout: the session ends here whatever the activity.
    expiresAt: timestamp('expires_at').notNull(),
    // Idle timeout is measured from here; refreshed at most every few minutes.
    lastSeenAt: timestamp('last_seen_at').notNull(),
    revokedAt: timestamp('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId, t.revokedAt)],
);

/** Integration tokens for the CRM: named, scoped, stored as the SHA-256 of the whole token. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: id(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [index('api_tokens_created_idx').on(t.createdAt, t.id)],
);

/** Single-use, expiring invitations; only the SHA-256 of the link token is stored. */
/** An invitation's state, derived from its accepted/revoked/expiry times (worker/domain/invitations.ts). */
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export const invitations = sqliteTable(
  'invitations',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    // Lower-cased, like users.email.
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    // Null for vendor staff invitations.
    partnerId: text('partner_id').references(() => partners.id),
    invitedBy: text('invited_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
    acceptedAt: timestamp('accepted_at'),
    acceptedUserId: text('accepted_user_id'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [
    uniqueIndex('invitations_token_uq').on(t.tokenHash),
    index('invitations_email_idx').on(t.email),
    index('invitations_partner_idx').on(t.partnerId, t.createdAt, t.id),
    index('invitations_created_idx').on(t.createdAt, t.id),
  ],
);

/** Fixed-window failure counters (login per account and per IP). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start').notNull(),
  count: integer('count').notNull(),
});
