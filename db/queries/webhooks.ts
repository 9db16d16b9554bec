import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { events, webhookAttempts, webhookEndpoints, webhookMessages, type WebhookMessageStatus } from '../schema/index.ts';
import { insertRowsWhere } from './insert-where.ts';
import { inJsonList, prepared, preparedInsert } from './prepared.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type MessageRow = typeof webhookMessages.$inferSelect;
export type AttemptInsert = typeof webhookAttempts.$inferInsert;

/** True while the endpoint exists: lets a write (e.g. the audit entry of a secret reveal) ride in the read's batch. */
export const endpointExists = (id: string) => sql`exists (select 1 from ${webhookEndpoints} where ${webhookEndpoints.id} = ${id})`;

export const endpointQuery = (db: Db, id: string) => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);

/** Newest first; `limit + 1` rows so the caller knows whether another page follows. */
export function endpointPageQuery(db: Db, limit: number, after: { at: Date; id: string } | null) {
  const position = after
    ? or(lt(webhookEndpoints.createdAt, after.at), and(eq(webhookEndpoints.createdAt, after.at), lt(webhookEndpoints.id, after.id)))
    : undefined;
  return db
    .select()
    .from(webhookEndpoints)
    .where(position)
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(limit + 1);
}

export const insertEndpoint = (db: Db, row: typeof webhookEndpoints.$inferInsert) => db.insert(webhookEndpoints).values(row);

export const updateEndpoint = (db: Db, id: string, patch: Partial<typeof webhookEndpoints.$inferInsert>) =>
  db.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).returning();

/** The endpoint with its delivery log, as statements for one batch (endpoint row last, for the 404 check). */
export function deleteEndpointStatements(db: Db, id: string) {
  return [
    db.delete(webhookAttempts).where(eq(webhookAttempts.endpointId, id)),
    db.delete(webhookMessages).where(eq(webhookMessages.endpointId, id)),
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id }),
  ] as const;
}

// ---- fan-out (outbox → webhook_messages) ----------------------------------------------------

const eventColumns = {
  id: events.id,
  type: events.type,
  occurredAt: events.occurredAt,
  subjectType: events.subjectType,
  subjectId: events.subjectId,
  data: events.data,
};

/** Given outbox events not yet fanned out. */
const preparedUnenqueuedById = prepared(['ids'], (db, p) =>
  db.select({ id: events.id, type: events.type }).from(events).where(and(inJsonList(events.id, p.ids), isNull(events.enqueuedAt))),
);
export const unenqueuedEventsByIdQuery = (db: Db, ids: readonly string[]) => preparedUnenqueuedById(db, { ids: JSON.stringify(ids) });

/** The oldest outbox events never fanned out that occurred up to `before` (the cron sweep). */
export const unenqueuedEventsQuery = (db: Db, before: Date, limit: number) =>
  db
    .select({ id: events.id, type: events.type })
    .from(events)
    .where(and(isNull(events.enqueuedAt), lte(events.occurredAt, before)))
    .orderBy(events.enqueuedAt, events.occurredAt)
    .limit(limit);

/** Every endpoint's subscription (a program has a handful of endpoints). */
const preparedSubscriptions = prepared([], (db) => db.select({ id: webhookEndpoints.id, events: webhookEndpoints.events, enabled: webhookEndpoints.enabled }).from(webhookEndpoints));
export const subscriptionsQuery = (db: Db) => preparedSubscriptions(db, {});

/** Inserts messages, skipping (endpoint, event) pairs that exist; returns only the new rows. */
export const insertMessages = preparedInsert(webhookMessages, (q) =>
  q.onConflictDoNothing().returning({ id: webhookMessages.id, eventId: webhookMessages.eventId, endpointId: webhookMessages.endpointId, status: webhookMessages.status }),
);

// `at` as stored (epoch ms): inside sql`…` a placeholder skips the column's encoder.
const preparedMarkEnqueued = prepared(['ids', 'at'], (db, p) =>
  db.update(events).set({ enqueuedAt: sql`${p.at}` }).where(and(inJsonList(events.id, p.ids), isNull(events.enqueuedAt))),
);
export const markEventsEnqueued = (db: Db, ids: readonly string[], at: Date) => preparedMarkEnqueued(db, { ids: JSON.stringify(ids), at: at.getTime() });

/**
 * Messages that should have reached the consumer long ago (a queue send that failed, a queue
 * message lost): pending or failed, due before `dueBefore`.
 */
export const overdueMessagesQuery = (db: Db, dueBefore: Date, limit: number) =>
  db
    .select({ id: webhookMessages.id, eventId: webhookMessages.eventId, endpointId: webhookMessages.endpointId })
    .from(webhookMessages)
    .where(and(inArray(webhookMessages.status, ['pending', 'failed']), lte(webhookMessages.nextAttemptAt, dueBefore)))
    .orderBy(webhookMessages.nextAttemptAt)
    .limit(limit);

/** Marks messages as just handed to the queue, so the next sweep leaves them alone. */
export const touchMessages = (db: Db, ids: readonly string[], at: Date) =>
  db.update(webhookMessages).set({ nextAttemptAt: at, updatedAt: at }).where(inArray(webhookMessages.id, [...ids]));

// ---- delivery ----------------------------------------------------------------------------------

/** Everything the consumer needs for a batch of messages, in one query. */
export const deliveryContextQuery = (db: Db, messageIds: readonly string[]) =>
  db
    .select({ message: webhookMessages, endpoint: webhookEndpoints, event: eventColumns })
    .from(webhookMessages)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .innerJoin(events, eq(events.id, webhookMessages.eventId))
    .where(inArray(webhookMessages.id, [...messageIds]));

export const insertAttempt = (db: Db, row: AttemptInsert) => db.insert(webhookAttempts).values(row);

export const updateMessage = (db: Db, id: string, patch: Partial<typeof webhookMessages.$inferInsert>) =>
  db.update(webhookMessages).set(patch).where(eq(webhookMessages.id, id));

/** Marks every still-undelivered message of a now-disabled endpoint dead (recoverable). */
export const killEndpointMessages = (db: Db, endpointId: string, at: Date, reason: string) =>
  db
    .update(webhookMessages)
    .set({ status: 'dead', nextAttemptAt: null, lastError: reason, updatedAt: at })
    .where(and(eq(webhookMessages.endpointId, endpointId), inArray(webhookMessages.status, ['pending', 'failed'])));

// ---- admin: deliveries, resend, recover -------------------------------------------------------

/**
 * A page of an endpoint's deliveries (newest first) with their attempt log and event type, in
 * one query: the attempts ride along as a JSON array.
 */
export function deliveryPageQuery(
  db: Db,
  endpointId: string,
  status: WebhookMessageStatus | undefined,
  limit: number,
  after: { at: Date; id: string } | null,
) {
  const attemptLog = sql<string>`(select json_group_array(json_object(
      'attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code, 'durationMs', a.duration_ms,
      'responseExcerpt', a.response_excerpt, 'error', a.error, 'nextRetryAt', a.next_retry_at))
    from (select * from ${webhookAttempts} a where a.message_id = ${webhookMessages.id} order by a.at, a.attempt) a)`;
  return db
    .select({ message: webhookMessages, eventType: events.type, attemptLog })
    .from(webhookMessages)
    .innerJoin(events, eq(events.id, webhookMessages.eventId))
    .where(
      and(
        eq(webhookMessages.endpointId, endpointId),
        status ? eq(webhookMessages.status, status) : undefined,
        after
          ? or(lt(webhookMessages.createdAt, after.at), and(eq(webhookMessages.createdAt, after.at), lt(webhookMessages.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(webhookMessages.createdAt), desc(webhookMessages.id))
    .limit(limit + 1);
}

const requeue = (at: Date) => ({ status: 'pending' as const, attempts: 0, nextAttemptAt: at, updatedAt: at });

/** Puts one undelivered-or-delivered message back in line (a resend starts a fresh schedule). */
export const requeueMessage = (db: Db, endpointId: string, messageId: string, at: Date) =>
  db
    .update(webhookMessages)
    .set(requeue(at))
    .where(and(eq(webhookMessages.id, messageId), eq(webhookMessages.endpointId, endpointId)))
    .returning({ id: webhookMessages.id, eventId: webhookMessages.eventId, endpointId: webhookMessages.endpointId });

/** Requeues up to `limit` failed/dead messages created since `since`, oldest first. */
export const requeueFailedSince = (db: Db, endpointId: string, since: Date, at: Date, limit: number) =>
  db
    .update(webhookMessages)
    .set(requeue(at))
    .where(
      inArray(
        webhookMessages.id,
        db
          .select({ id: webhookMessages.id })
          .from(webhookMessages)
          .where(
            and(
              eq(webhookMessages.endpointId, endpointId),
              inArray(webhookMessages.status, ['failed', 'dead']),
              gte(webhookMessages.createdAt, since),
            ),
          )
          .orderBy(webhookMessages.createdAt)
          .limit(limit),
      ),
    )
    .returning({ id: webhookMessages.id, eventId: webhookMessages.eventId, endpointId: webhookMessages.endpointId });

export const insertEvent = (db: Db, row: typeof events.$inferInsert) => db.insert(events).values(row);
/** Outbox rows written only while `condition` holds at their point of the batch (the change they describe committed). */
export const insertEventsWhere = (db: Db, rows: (typeof events.$inferInsert)[], condition: SQL) => insertRowsWhere(db, events, rows, condition);
export const insertMessage = (db: Db, row: typeof webhookMessages.$inferInsert) => db.insert(webhookMessages).values(row);

/** Starts the endpoint's failing run at `now`, unless another message of the same batch already started it. */
export const markFailingSince = (db: Db, id: string, now: Date) =>
  updateEndpoint(db, id, { failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.getTime()})` as unknown as Date });
