import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns.ts';

/**
 * Transactional outbox: an event row commits in the same batch as the change it describes.
 * `enqueuedAt` is set once the event was handed to the queue; the cron sweep picks up rows
 * where it is still null, so a crash between commit and enqueue loses nothing.
 */
export const events = sqliteTable(
  'events',
  {
    id: id(),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at').notNull(),
    partnerId: text('partner_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    enqueuedAt: timestamp('enqueued_at'),
  },
  (t) => [
    index('events_pending_idx').on(t.enqueuedAt, t.occurredAt),
    index('events_subject_idx').on(t.subjectType, t.subjectId),
    index('events_occurred_idx').on(t.occurredAt, t.id),
  ],
);
