import type { BatchItem } from 'drizzle-orm/batch';
import { createDb } from '../../db/client.ts';
import { overdueMessagesQuery, subscriptionsQuery, touchMessages, unenqueuedEventsQuery } from '../../db/queries/webhooks.ts';
import type { Env } from '../env.ts';
import { fanOutStatements, sendMessages } from '../webhooks/enqueue.ts';
import { notificationFanOut, notificationReads } from '../resources/notifications/fan-out.ts';
import { sendMailMessages } from '../resources/notifications/mail-queue.ts';

/** A message this long past due was lost on its way through the queue: send it again. */
export const SWEEP_OVERDUE_MS = 15 * 60_000;
export const SWEEP_LIMIT = 500;

export interface OutboxSweep {
  /** Outbox events that were never enqueued (the worker died between commit and enqueue). */
  events: number;
  /** Messages sent to the queue for them. */
  sent: number;
  /** Messages re-sent because they were overdue. */
  resent: number;
}

/**
 * The cron half of the outbox: fans out events whose after-commit enqueue never happened and
 * re-sends messages the queue lost. Two round trips (one read batch, one write batch; a third read when events need notifications), at most
 * SWEEP_LIMIT of each per run. Racing a request's own after-commit enqueue is harmless: the
 * unique (endpoint, event) index lets only one of them create, and so send, each message.
 */
export async function sweepOutbox(env: Env, now = new Date()): Promise<OutboxSweep> {
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const [events, subs, overdue] = await db.batch([
    unenqueuedEventsQuery(db, now, SWEEP_LIMIT),
    subscriptionsQuery(db),
    overdueMessagesQuery(db, new Date(now.getTime() - SWEEP_OVERDUE_MS), SWEEP_LIMIT),
  ]);
  if (events.length === 0 && overdue.length === 0) return { events: 0, sent: 0, resent: 0 };

  const fanOut = events.length > 0 ? fanOutStatements(db, events, subs, now) : null;
  const statements: BatchItem<'sqlite'>[] = [...(fanOut?.statements ?? [])];
  // Notifications for the same events, in the batch that marks them enqueued (one more read).
  const ids = events.map((e) => e.id);
  const notes = ids.length > 0 ? notificationFanOut(db, await db.batch([...notificationReads(db, ids)]), ids, env.PORTAL_URL, now) : null;
  const notesAt = statements.length;
  statements.push(...(notes?.statements ?? []));
  if (overdue.length > 0) statements.push(touchMessages(db, overdue.map((m) => m.id), now));
  const results = await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);

  if (notes) await sendMailMessages(env, notes.created(results.slice(notesAt)));
  const created = fanOut ? fanOut.created(results) : [];
  const sent = await sendMessages(env, created);
  const resent = await sendMessages(env, overdue.map((m) => ({ messageId: m.id, eventId: m.eventId, endpointId: m.endpointId })));
  return { events: events.length, sent, resent };
}
