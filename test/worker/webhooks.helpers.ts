import { createExecutionContext, createMessageBatch, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { events } from '../../db/schema/index.ts';
import worker from '../../worker/index.ts';
import type { Env, WebhookMessage } from '../../worker/env.ts';
import { newId } from '../../worker/lib/ids.ts';
import type { ReceivedRequest, ReceiverStep } from '../setup/global-receiver.ts';
import { testApp } from './harness.ts';
import { personas, type Persona } from './personas.ts';

export type Who = Persona;

/** WEBHOOK_QUEUE stand-in: records what the worker sends, so tests run the consumer themselves. */
export class RecordingQueue {
  readonly waiting: WebhookMessage[] = [];
  readonly sentTotal: WebhookMessage[] = [];
  async send(body: WebhookMessage) {
    this.waiting.push(body);
    this.sentTotal.push(body);
  }
  async sendBatch(messages: Iterable<{ body: WebhookMessage }>) {
    for (const m of messages) await this.send(m.body);
  }
}

let batchCounter = 0;

/**
 * The real worker with its queue binding replaced by a RecordingQueue (`as` names a demo
 * persona signed in through the real routes), plus the worker's queue consumer driven by hand.
 */
export function webhooksHarness(dbUrl: string, overrides: Partial<Env> = {}) {
  const queue = new RecordingQueue();
  const testEnv: Env = {
    ...(env as unknown as Env),
    TURSO_DATABASE_URL: dbUrl,
    WEBHOOK_QUEUE: queue as unknown as Queue<WebhookMessage>,
    WEBHOOK_TIMEOUT_MS: '1000',
    ...overrides,
  };
  const app = testApp(dbUrl, testEnv);
  const who = personas(app);

  return {
    env: testEnv,
    queue,
    db: createDb({ url: dbUrl }),
    async request(as: Who | null, path: string, init: RequestInit & { json?: unknown } = {}) {
      const headers = new Headers(init.headers);
      if (as) for (const [k, v] of Object.entries(await who.headersFor(as))) headers.set(k, v);
      return app.request(path, { ...init, headers });
    },
    /**
     * Runs the worker's queue() handler until the queue is empty, putting retried messages
     * back as if their delay had passed. Returns every retry delay asked for, in order.
     */
    async drain(maxRounds = 20) {
      const delays: number[] = [];
      for (let round = 0; round < maxRounds && queue.waiting.length > 0; round++) {
        const bodies = queue.waiting.splice(0, 10);
        const batch = createMessageBatch<WebhookMessage>(
          'partner-portal-webhooks',
          bodies.map((body) => ({ id: `qm${batchCounter++}`, timestamp: new Date(), attempts: 1, body })),
        );
        // getQueueResult does not report retry delays: record them on the way through.
        const asked = new Map<string, number | undefined>();
        for (const m of batch.messages) {
          const retry = m.retry.bind(m);
          m.retry = (options?: QueueRetryOptions) => {
            asked.set(m.id, options?.delaySeconds);
            retry(options);
          };
        }
        const ctx = createExecutionContext();
        await worker.queue!(batch as MessageBatch<unknown>, testEnv, ctx);
        const result = await getQueueResult(batch, ctx);
        const byId = new Map(batch.messages.map((m) => [m.id, m.body]));
        for (const retry of result.retryMessages) {
          delays.push(asked.get(retry.msgId) ?? 0);
          queue.waiting.push(byId.get(retry.msgId)!);
        }
      }
      return delays;
    },
  };
}
export type WebhooksHarness = ReturnType<typeof webhooksHarness>;

// ---- the test receiver ---------------------------------------------------------------------

let pathCounter = 0;
/** A receiver path of its own for one test. */
export function receiverPath(name: string): string {
  return `/r/${name}-${Date.now().toString(36)}-${pathCounter++}`;
}
export const receiverUrl = (path: string) => `${inject('webhookReceiverUrl')}${path}`;

export async function script(path: string, responses: ReceiverStep[], otherwise?: ReceiverStep) {
  const res = await fetch(`${inject('webhookReceiverUrl')}/-/script?path=${encodeURIComponent(path)}`, {
    method: 'POST',
    body: JSON.stringify({ responses, otherwise }),
  });
  if (!res.ok) throw new Error(`receiver script: ${res.status}`);
}

export async function received(path: string): Promise<ReceivedRequest[]> {
  const res = await fetch(`${inject('webhookReceiverUrl')}/-/received?path=${encodeURIComponent(path)}`);
  return (await res.json()) as ReceivedRequest[];
}

// ---- outbox rows, as the deals code commits them --------------------------------------------

/** Inserts an outbox event for a deal, committed but never enqueued (as after a crash). */
export async function insertDealEvent(db: Db, type: string, dealId = 'dl_test', occurredAt = new Date()): Promise<string> {
  const id = newId('evt');
  await db.insert(events).values({
    id,
    type,
    occurredAt,
    partnerId: 'prt_northwind',
    subjectType: 'deal',
    subjectId: dealId,
    data: { id: dealId, status: 'approved', customerName: 'Acme Retail Ltd', partner: { id: 'prt_northwind', name: 'Northwind Reseller' } },
    enqueuedAt: null,
  });
  return id;
}
