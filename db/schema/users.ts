import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp, updatedAt } from './columns.ts';
import { partners } from './partners.ts';

export const ROLES = ['partner_rep', 'partner_admin', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const PARTNER_ROLES = ['partner_rep', 'partner_admin'] as const satisfies readonly Role[];
export const STAFF_ROLES = ['manager', 'admin'] as const satisfies readonly Role[];

export const USER_STATUSES = ['active', 'deactivated'] as const;

export const users = sqliteTable(
  'users',
  {
    id: id(),
    // Stored lower-cased so lookups are exact and indexed.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    // Null for vendor staff; set for partner users (their tenant).
    partnerId: text('partner_id').references(() => partners.id),
    passwordHash: text('password_hash'),
    status: text('status', { enum: USER_STATUSES }).notNull().default('active'),
    passwordChangedAt: timestamp('password_changed_at'),
    lastLoginAt: timestamp('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(t.email),
    index('users_partner_idx').on(t.partnerId, t.createdAt, t.id),
  ],
);
