import { createExecutionContext, createMessageBatch, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import worker from '../../worker/index.ts';
import type { Env, WebhookMessage } from '../../worker/env.ts';
import { PEOPLE, personas, TOKENS, type Persona } from './personas.ts';

import { RESOURCES } from '../../worker/app.ts';

export { DEMO_PASSWORD, signIn, type Persona } from './personas.ts';

// The worker loads each resource's module on its first request (docs/decisions/050-lazy-resources.md).
// In the test pool every such import is a module transform, slow enough on a busy machine to eat
// a test's timeout: load them all while the test file is imported instead.
await Promise.all([import('../../worker/app-build.ts'), ...RESOURCES.map((r) => r.load())]);

export const ORIGIN = 'http://localhost:8787';

let counter = 0;

/** A fresh database for this test file, copied from the `demo` (seeded) or `empty` template. */
export async function freshDatabase(from: 'demo' | 'empty' = 'demo'): Promise<string> {
  const server = inject('dbServerUrl');
  const name = `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const res = await fetch(`${server}/-/namespaces/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from }),
  });
  if (!res.ok) throw new Error(`fresh database: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

/** How many database round trips (HTTP requests to the libSQL server) a request id caused. */
export async function roundTrips(requestId: string): Promise<number> {
  const res = await fetch(`${inject('dbServerUrl')}/-/stats?trace=${encodeURIComponent(requestId)}`);
  return ((await res.json()) as { requests: number }).requests;
}

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

export type RequestInitWithJson = RequestInit & { json?: unknown };

/** A request's answer with its body parsed, and the `x-request-id` it was sent with (for `roundTrips`). */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  requestId: string;
}

export interface TestApp {
  env: Env;
  /** The queue binding the worker sends webhook messages to; `drain()` runs its consumer. */
  queue: RecordingQueue;
  /** Direct database access, for arranging rows and checking what a request committed. */
  db: Db;
  /** Calls the real worker's fetch handler (same module as production) inside workerd. */
  request(path: string, init?: RequestInitWithJson): Promise<Response>;
  /** The same, as a demo persona (session from the real login, or a token from the real tokens route); null: anonymous. */
  request(as: Persona | null, path: string, init?: RequestInitWithJson): Promise<Response>;
  /** `request` as a persona with a fresh `x-request-id`, the body parsed. */
  call(as: Persona | null, path: string, init?: RequestInitWithJson): Promise<Answer>;
  /** A persona's credential headers. */
  headersFor(as: Persona): Promise<Record<string, string>>;
  /** The id of a token persona's integration token (as audit and timeline rows record it). */
  tokenId: ReturnType<typeof personas>['tokenId'];
  /**
   * Runs the worker's queue() handler until the queue is empty, putting retried messages
   * back as if their delay had passed. Returns every retry delay asked for, in order.
   */
  drain(maxRounds?: number): Promise<number[]>;
}

let batchCounter = 0;

/**
 * The one harness for the real worker (session/token middleware, CSRF, routing, webhook
 * enqueueing after the response) against one database. Its queue binding is a
 * RecordingQueue whose consumer (the worker's own queue() handler) runs only on `drain()`.
 */
export function testApp(dbUrl: string, overrides: Partial<Env> = {}): TestApp {
  const queue = new RecordingQueue();
  const testEnv: Env = {
    ...(env as unknown as Env),
    TURSO_DATABASE_URL: dbUrl,
    WEBHOOK_QUEUE: queue as unknown as Queue<WebhookMessage>,
    // A receiver told to hang is given up on after 1 s, not the production 10 s.
    WEBHOOK_TIMEOUT_MS: '1000',
    ...overrides,
  };

  async function send(path: string, init: RequestInitWithJson = {}): Promise<Response> {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) {
      headers.set('content-type', 'application/json');
      rest.body = JSON.stringify(json);
    }
    const method = (rest.method ?? 'GET').toUpperCase();
    // Same-origin writes, like the portal's own fetches (CSRF protection checks Origin).
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', ORIGIN);
    const ctx = createExecutionContext();
    const res = await worker.fetch!(new Request(`${ORIGIN}${path}`, { ...rest, headers }) as never, testEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res as unknown as Response;
  }

  const who = personas({ request: send });

  async function sendAs(as: Persona | null, path: string, init: RequestInitWithJson = {}): Promise<Response> {
    if (as !== null && !(as in PEOPLE || as in TOKENS)) throw new Error(`testApp.request: "${as}" is neither a path (starting with "/") nor a persona`);
    const headers = new Headers(init.headers);
    if (as) for (const [k, v] of Object.entries(await who.headersFor(as))) headers.set(k, v);
    return send(path, { ...init, headers });
  }

  return {
    env: testEnv,
    queue,
    db: createDb({ url: dbUrl }),
    // Paths start with "/"; anything else in first place is a persona (or null).
    request: ((first: string | null, second?: string | RequestInitWithJson, third?: RequestInitWithJson) =>
      typeof first === 'string' && first.startsWith('/')
        ? send(first, second as RequestInitWithJson | undefined)
        : sendAs(first as Persona | null, second as string, third)) as TestApp['request'],
    async call(as, path, init = {}) {
      const headers = new Headers(init.headers);
      const requestId = `t-${crypto.randomUUID()}`;
      headers.set('x-request-id', requestId);
      if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', '203.0.113.7');
      const res = await sendAs(as, path, { ...init, headers });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, requestId };
    },
    headersFor: who.headersFor,
    tokenId: who.tokenId,
    async drain(maxRounds = 20) {
      return drainQueue('partner-portal-webhooks', queue.waiting, testEnv, maxRounds);
    },
  };
}

/**
 * Runs the worker's queue() handler on `waiting` (a recorded queue's unconsumed messages) until it
 * is empty, putting retried messages back as if their delay had passed. Returns every retry delay
 * asked for, in order (getQueueResult does not report them: they are recorded on the way through).
 */
export async function drainQueue<T>(queueName: string, waiting: T[], testEnv: Env, maxRounds = 20): Promise<number[]> {
  const delays: number[] = [];
  for (let round = 0; round < maxRounds && waiting.length > 0; round++) {
    const bodies = waiting.splice(0, 10);
    const batch = createMessageBatch<T>(
      queueName,
      bodies.map((body) => ({ id: `qm${batchCounter++}`, timestamp: new Date(), attempts: 1, body })),
    );
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
      waiting.push(byId.get(retry.msgId)!);
    }
  }
  return delays;
}
