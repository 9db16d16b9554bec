import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp, updatedAt } from './columns.ts';

export const WEBHOOK_MESSAGE_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type WebhookMessageStatus = (typeof WEBHOOK_MESSAGE_STATUSES)[number];

/**
 * A CRM's webhook endpoint. The signing secret is stored only encrypted (AES-GCM under
 * SECRETS_KEY, see worker/lib/secrets-crypto.ts) with the id of the key that encrypted it, so
 * SECRETS_KEY can rotate. After a secret rotation the previous secret keeps signing until
 * `previousSecretExpiresAt`.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: id(),
    url: text('url').notNull(),
    description: text('description'),
    // Event types this endpoint receives; null = every event type, including future ones.
    events: text('events', { mode: 'json' }).$type<string[]>(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at'),
    secretCiphertext: text('secret_ciphertext').notNull(),
    secretKeyId: text('secret_key_id').notNull(),
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretKeyId: text('previous_secret_key_id'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at'),
    // Start of the current run of failed attempts (null after a success): 5 days → disabled.
    failingSince: timestamp('failing_since'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_created_idx').on(t.createdAt, t.id)],
);

/**
 * One outbox event to deliver to one endpoint (the fan-out). Unique per (endpoint, event) so
 * the after-commit enqueue and the cron sweep can both fan out without duplicates.
 * `nextAttemptAt` is when the queue should next hand it to the consumer; the sweep re-sends
 * messages long past it (a lost queue message), so nothing waits forever.
 */
export const webhookMessages = sqliteTable(
  'webhook_messages',
  {
    id: id(),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    status: text('status', { enum: WEBHOOK_MESSAGE_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at'),
    lastAttemptAt: timestamp('last_attempt_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('webhook_messages_endpoint_event_uq').on(t.endpointId, t.eventId),
    index('webhook_messages_endpoint_created_idx').on(t.endpointId, t.createdAt, t.id),
    index('webhook_messages_endpoint_status_idx').on(t.endpointId, t.status, t.createdAt, t.id),
    index('webhook_messages_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** The delivery log: every HTTP attempt, as admins see it per endpoint. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: id(),
    messageId: text('message_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: timestamp('at').notNull(),
    // HTTP status; null when no response arrived (timeout, connection refused, refused URL).
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    // First 1 KB of the response body.
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    // When the next attempt is due; null when this attempt delivered or was the last.
    nextRetryAt: timestamp('next_retry_at'),
  },
  (t) => [
    index('webhook_attempts_message_idx').on(t.messageId, t.attempt),
    index('webhook_attempts_endpoint_idx').on(t.endpointId, t.at),
  ],
);
