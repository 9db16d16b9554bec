import type { Env, WebhookMessage } from './env.ts';
import { deliverBatch } from './webhooks/deliver.ts';

/**
 * The WEBHOOK_QUEUE consumer: delivers each message (one event to one endpoint), then acks it
 * or retries it with the schedule's delay (worker/domain/webhook-retry.ts). A failure to reach
 * the database throws, and the queue redelivers the whole batch.
 */
export const queue: ExportedHandlerQueueHandler<Env> = async (batch, env) => {
  // WEBHOOK_QUEUE is this worker's only queue; its producers send WebhookMessage bodies.
  await deliverBatch(env, batch.messages as readonly Message<WebhookMessage>[]);
};
