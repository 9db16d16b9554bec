import type { BatchItem } from 'drizzle-orm/batch';
import { createDb, type Db } from '../../db/client.ts';
import {
  deliveryContextQuery,
  insertAttempt,
  killEndpointMessages,
  markFailingSince,
  updateEndpoint,
  updateMessage,
  type EndpointRow,
} from '../../db/queries/webhooks.ts';
import { afterAttempt, failingTooLong, type NextStep } from '../domain/webhook-retry.ts';
import { checkWebhookUrl } from '../domain/webhook-url.ts';
import { webhookPayload, type OutboxEventRow } from '../domain/webhook-payload.ts';
import type { Env, WebhookMessage } from '../env.ts';
import { newId } from '../lib/ids.ts';
import { openSecret } from '../lib/secrets-crypto.ts';
import { webhookHeaders } from '../lib/webhook-sign.ts';
import { log } from '../middleware/logger.ts';
import { DELIVERY_TIMEOUT_MS, postWebhook, type HttpAttemptResult } from './http-attempt.ts';
import { previousSecretInGrace } from '../resources/webhooks/rules.ts';

type Statement = BatchItem<'sqlite'>;
type QueueAction = { ack: true } | { retryAfterSeconds: number };
/** `last`: statements that must run after every message's own updates (see `disable`). */
interface Planned {
  action: QueueAction;
  statements: Statement[];
  last?: Statement[];
}

/**
 * The queue consumer's work for one batch: one read for every message's endpoint and event,
 * the HTTP attempts in parallel, one write batch for the outcomes, then ack or retry each
 * message with the schedule's delay. State lives in webhook_messages, so a message already
 * delivered (a duplicate queue message) is acknowledged without a second POST.
 */
export async function deliverBatch(env: Env, messages: readonly Message<WebhookMessage>[], now = new Date()): Promise<void> {
  if (messages.length === 0) return;
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const rows = await deliveryContextQuery(db, messages.map((m) => m.body.messageId));
  const byId = new Map(rows.map((r) => [r.message.id, r]));
  const timeoutMs = Math.min(DELIVERY_TIMEOUT_MS, Number(env.WEBHOOK_TIMEOUT_MS) || DELIVERY_TIMEOUT_MS);

  const planned = await Promise.all(
    messages.map(async (queued) => {
      const row = byId.get(queued.body.messageId);
      // Deleted endpoint, or a message already settled: nothing to do.
      const settled = !row || row.message.status === 'delivered' || row.message.status === 'dead';
      const plan: Planned = settled ? { action: { ack: true }, statements: [] } : await deliverOne(db, env, row, now, timeoutMs);
      return { queued, ...plan };
    }),
  );

  const statements = [...planned.flatMap((p) => p.statements), ...planned.flatMap((p) => p.last ?? [])];
  if (statements.length > 0) await db.batch(statements as [Statement, ...Statement[]]);
  for (const { queued, action } of planned) {
    if ('ack' in action) queued.ack();
    else queued.retry({ delaySeconds: action.retryAfterSeconds });
  }
}

interface DeliveryRow {
  message: { id: string; attempts: number; endpointId: string; eventId: string };
  endpoint: EndpointRow;
  event: OutboxEventRow;
}

async function deliverOne(db: Db, env: Env, row: DeliveryRow, now: Date, timeoutMs: number): Promise<Planned> {
  const { message, endpoint, event } = row;
  if (!endpoint.enabled) {
    return {
      action: { ack: true },
      statements: [updateMessage(db, message.id, { status: 'dead', nextAttemptAt: null, lastError: 'The endpoint is disabled.', updatedAt: now })],
    };
  }
  const allowed = checkWebhookUrl(endpoint.url, { appEnv: env.APP_ENV, allowHosts: env.WEBHOOK_ALLOW_HOSTS });
  if (!allowed.ok) {
    return disable(db, message, endpoint.id, `URL refused at delivery: ${allowed.message}`, now, null);
  }

  const secrets = [await openSecret(env, { keyId: endpoint.secretKeyId, ciphertext: endpoint.secretCiphertext }, endpoint.id)];
  const previous = previousSecretInGrace(endpoint, now);
  if (previous) secrets.push(await openSecret(env, previous, endpoint.id));
  const body = JSON.stringify(webhookPayload(event, env.PORTAL_URL));
  // webhook-id is the event id: the same across retries and resends, what receivers de-duplicate by.
  const headers = await webhookHeaders(secrets, event.id, Math.floor(now.getTime() / 1000), body);
  const result = await postWebhook(endpoint.url, body, headers, timeoutMs);
  const attempt = message.attempts + 1;
  const step = afterAttempt(attempt, { status: result.status, retryAfter: result.retryAfter }, now);

  log(step.kind === 'delivered' ? 'info' : 'warn', 'webhook attempt', {
    messageId: message.id,
    endpointId: endpoint.id,
    eventId: event.id,
    attempt,
    status: result.status,
    durationMs: result.durationMs,
    next: step.kind,
  });

  if (step.kind === 'disable') return disable(db, message, endpoint.id, step.reason, now, { attempt, result });
  if (step.kind !== 'delivered' && failingTooLong(endpoint.failingSince, now)) {
    return disable(db, message, endpoint.id, 'Every delivery attempt failed for 5 days.', now, { attempt, result });
  }
  return { action: step.kind === 'retry' ? { retryAfterSeconds: step.delaySeconds } : { ack: true }, statements: settle(db, message, endpoint, now, attempt, result, step) };
}

function attemptRow(db: Db, message: DeliveryRow['message'], now: Date, attempt: number, result: HttpAttemptResult, nextRetryAt: Date | null) {
  return insertAttempt(db, {
    id: newId('wha'),
    messageId: message.id,
    endpointId: message.endpointId,
    attempt,
    at: now,
    statusCode: result.status,
    durationMs: result.durationMs,
    responseExcerpt: result.excerpt,
    error: result.error,
    nextRetryAt,
  });
}

function settle(db: Db, message: DeliveryRow['message'], endpoint: EndpointRow, now: Date, attempt: number, result: HttpAttemptResult, step: NextStep): Statement[] {
  const nextAttemptAt = step.kind === 'retry' ? new Date(now.getTime() + step.delaySeconds * 1000) : null;
  const delivered = step.kind === 'delivered';
  const statements: Statement[] = [
    attemptRow(db, message, now, attempt, result, nextAttemptAt),
    updateMessage(db, message.id, {
      status: delivered ? 'delivered' : step.kind === 'dead' ? 'dead' : 'failed',
      attempts: attempt,
      nextAttemptAt,
      lastAttemptAt: now,
      lastStatus: result.status,
      lastError: delivered ? null : (result.error ?? `HTTP ${result.status}`),
      deliveredAt: delivered ? now : null,
      updatedAt: now,
    }),
  ];
  if (delivered && endpoint.failingSince) statements.push(updateEndpoint(db, endpoint.id, { failingSince: null }));
  if (!delivered && !endpoint.failingSince) {
    statements.push(markFailingSince(db, endpoint.id, now));
  }
  return statements;
}

function disable(
  db: Db,
  message: DeliveryRow['message'],
  endpointId: string,
  reason: string,
  now: Date,
  attempted: { attempt: number; result: HttpAttemptResult } | null,
): Planned {
  log('warn', 'webhook endpoint disabled', { endpointId, reason });
  const statements: Statement[] = [];
  if (attempted) statements.push(attemptRow(db, message, now, attempted.attempt, attempted.result, null));
  statements.push(
    updateMessage(db, message.id, {
      status: 'dead',
      ...(attempted ? { attempts: attempted.attempt, lastAttemptAt: now, lastStatus: attempted.result.status } : {}),
      nextAttemptAt: null,
      lastError: reason,
      updatedAt: now,
    }),
    updateEndpoint(db, endpointId, { enabled: false, disabledReason: reason, disabledAt: now, updatedAt: now }),
  );
  // The endpoint's other undelivered messages die with it (recoverable after re-enabling).
  return { action: { ack: true }, statements, last: [killEndpointMessages(db, endpointId, now, `The endpoint was disabled: ${reason}`)] };
}
