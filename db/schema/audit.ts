import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns.ts';

/** Append-only: rows are inserted in the same batch as the change they record, never updated. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    at: timestamp('at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    partnerId: text('partner_id'),
    ip: text('ip'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_at_idx').on(t.at, t.id),
    index('audit_object_idx').on(t.objectType, t.objectId),
    index('audit_partner_idx').on(t.partnerId, t.at),
    index('audit_actor_idx').on(t.actorId, t.at),
  ],
);
