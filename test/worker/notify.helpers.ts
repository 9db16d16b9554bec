import { env } from 'cloudflare:test';
import { createDb } from '../../db/client.ts';
import type { Env } from '../../worker/env.ts';
import type { OutgoingMail } from '../../worker/resources/notifications/mail-transport.ts';
import { MAIL_QUEUE_NAME } from '../../worker/queue.ts';
import { testApp } from './harness.ts';
import { personas, type Persona } from './personas.ts';
import { drainQueue, RecordingQueue } from './harness.ts';

/**
 * The test double behind the `EMAIL` send_email binding: records what it accepted; while
 * `failuresLeft > 0` it throws instead, like a provider that is down.
 */
export class FakeMailer {
  readonly sent: OutgoingMail[] = [];
  calls = 0;
  failuresLeft = 0;
  async send(message: OutgoingMail) {
    this.calls++;
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('email provider unavailable');
    }
    this.sent.push(message);
    return { messageId: `fake-${this.sent.length}` };
  }
  to(address: string) {
    return this.sent.filter((m) => m.to === address);
  }
}


/** The real worker with both queues recorded, mail going to a FakeMailer, and the mail consumer driven by hand. */
export function notifyHarness(dbUrl: string, overrides: Partial<Env> = {}) {
  const webhookQueue = new RecordingQueue();
  const mailQueue = new RecordingQueue();
  const mailer = new FakeMailer();
  const testEnv: Env = {
    ...(env as unknown as Env),
    TURSO_DATABASE_URL: dbUrl,
    WEBHOOK_QUEUE: webhookQueue as unknown as Env['WEBHOOK_QUEUE'],
    MAIL_QUEUE: mailQueue as unknown as Env['MAIL_QUEUE'],
    EMAIL: mailer as unknown as SendEmail,
    MAIL_SINK_URL: undefined,
    ...overrides,
  };
  const app = testApp(dbUrl, testEnv);
  const who = personas(app);
  return {
    env: testEnv,
    app,
    mailer,
    mailQueue,
    db: createDb({ url: dbUrl }),
    async request(as: Persona | null, path: string, init: RequestInit & { json?: unknown } = {}) {
      const headers = new Headers(init.headers);
      if (as) for (const [k, v] of Object.entries(await who.headersFor(as))) headers.set(k, v);
      return app.request(path, { ...init, headers });
    },
    /** Runs the worker's queue() on MAIL_QUEUE until empty, retried messages put back at once; returns the retry delays. */
    async drainMail(maxRounds = 20) {
      return drainQueue(MAIL_QUEUE_NAME, mailQueue.waiting as unknown as { mailId: string }[], testEnv, maxRounds);
    },
  };
}
export type NotifyHarness = ReturnType<typeof notifyHarness>;
