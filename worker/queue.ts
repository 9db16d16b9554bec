import type { Env, WebhookMessage } from './env.ts';
import { deliverBatch } from './webhooks/deliver.ts';
import { deliverMailBatch, type MailQueueMessage } from './resources/notifications/mail-queue.ts';

/** wrangler.toml's mail queue; every other batch is webhook deliveries. */
export const MAIL_QUEUE_NAME = 'partner-portal-mail';

/**
 * The queue consumer. WEBHOOK_QUEUE: delivers each message (one event to one endpoint), then
 * acks it or retries it with the schedule's delay (worker/domain/webhook-retry.ts).
 * MAIL_QUEUE: sends one mail_messages row per message, same retry schedule. A failure to
 * reach the database throws, and the queue redelivers the whole batch.
 */
export const queue: ExportedHandlerQueueHandler<Env> = async (batch, env) => {
  if (batch.queue === MAIL_QUEUE_NAME) {
    await deliverMailBatch(env, batch.messages as readonly Message<MailQueueMessage>[]);
    return;
  }
  await deliverBatch(env, batch.messages as readonly Message<WebhookMessage>[]);
};
