import type { Context } from 'hono';
import type { BatchItem } from 'drizzle-orm/batch';
import { createDb, type Db } from '../../db/client.ts';
import { insertMessages, markEventsEnqueued, subscriptionsQuery, unenqueuedEventsByIdQuery } from '../../db/queries/webhooks.ts';
import type { Env, WebhookMessage } from '../env.ts';
import type { AppEnv } from '../lib/types.ts';
import { log } from '../middleware/logger.ts';
import { planFanOut, type Subscription } from './fan-out.ts';
import { notificationFanOut, notificationReads } from '../resources/notifications/fan-out.ts';
import { sendMailMessages } from '../resources/notifications/mail-queue.ts';

/** Rows per INSERT, well under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 50;
/** Cloudflare Queues' sendBatch limit. */
const SEND_CHUNK = 100;

/**
 * After a request's batch committed outbox events: fan them out and hand them to the queue,
 * without delaying the response. If this never runs (the isolate died), the cron sweep does
 * the same later (worker/jobs/outbox-sweep.ts).
 *
 * @example
 *   await db.batch([...plan.statements]);
 *   afterCommit(c, [plan.eventId]);
 */
export function afterCommit(c: Context<AppEnv>, eventIds: readonly string[]): void {
  if (eventIds.length === 0) return;
  waitUntil(
    c,
    enqueueEvents(c.env, eventIds).catch((err: unknown) =>
      log('error', 'webhooks: enqueue after commit failed (the cron sweep retries)', { eventIds, error: String(err) }),
    ),
  );
}

/** Fans out the given events (those not yet enqueued) and sends their messages: 2 round trips. */
export async function enqueueEvents(env: Env, eventIds: readonly string[], now = new Date()): Promise<number> {
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const [pending, subs, ...reads] = await db.batch([unenqueuedEventsByIdQuery(db, eventIds), subscriptionsQuery(db), ...notificationReads(db, eventIds)]);
  if (pending.length === 0) return 0;
  const { statements, created } = fanOutStatements(db, pending, subs, now);
  // Notifications and their mail commit in the batch that marks the events enqueued.
  const notes = notificationFanOut(db, reads, pending.map((e) => e.id), env.PORTAL_URL, now);
  const results = await db.batch([...statements, ...notes.statements]);
  await sendMailMessages(env, notes.created(results.slice(statements.length)));
  return sendMessages(env, created(results));
}

/**
 * Statements that write the fan-out of `events` and mark them enqueued. Marking happens in
 * the same batch as the message rows: from then on the messages themselves are the record,
 * and the sweep re-sends any that the queue never saw.
 */
export function fanOutStatements(db: Db, events: readonly { id: string; type: string }[], subs: readonly Subscription[], now: Date) {
  const rows = planFanOut(events, subs, now);
  const inserts = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) inserts.push(insertMessages(db, rows.slice(i, i + INSERT_CHUNK)));
  const statements = [markEventsEnqueued(db, events.map((e) => e.id), now), ...inserts] as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
  /** The new, deliverable messages among the batch results (skipping rows that existed). */
  const created = (results: readonly unknown[]): WebhookMessage[] =>
    results
      .slice(1, 1 + inserts.length)
      .flatMap((r) => r as { id: string; eventId: string; endpointId: string; status: string }[])
      .filter((m) => m.status === 'pending')
      .map(({ id, eventId, endpointId }) => ({ messageId: id, eventId, endpointId }));
  return { statements, created };
}

/** Hands messages to WEBHOOK_QUEUE. Returns how many were sent. */
export async function sendMessages(env: Env, messages: readonly WebhookMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  if (!env.WEBHOOK_QUEUE) {
    log('warn', 'webhooks: no WEBHOOK_QUEUE binding; messages wait for the sweep', { count: messages.length });
    return 0;
  }
  for (let i = 0; i < messages.length; i += SEND_CHUNK) {
    await env.WEBHOOK_QUEUE.sendBatch(messages.slice(i, i + SEND_CHUNK).map((body) => ({ body, contentType: 'json' as const })));
  }
  return messages.length;
}

/** After a request requeued messages (resend, recover, test): send them once the response is out. */
export function afterRequeue(c: Context<AppEnv>, messages: readonly WebhookMessage[]): void {
  if (messages.length === 0) return;
  waitUntil(
    c,
    sendMessages(c.env, messages).then(
      () => undefined,
      (err: unknown) => log('error', 'webhooks: queue send failed (the cron sweep retries)', { count: messages.length, error: String(err) }),
    ),
  );
}

/**
 * `c.executionCtx.waitUntil`, or nothing where Hono runs without an execution context (unit
 * tests calling `app.request` bare): the rows are committed, so the cron sweep sends them.
 */
export function waitUntil(c: Context<AppEnv>, work: Promise<unknown>): void {
  let ctx: { waitUntil(promise: Promise<unknown>): void };
  try {
    ctx = c.executionCtx;
  } catch {
    void work.catch(() => undefined);
    return;
  }
  ctx.waitUntil(work);
}
