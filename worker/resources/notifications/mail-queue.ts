import type { Context } from 'hono';
import type { BatchItem } from 'drizzle-orm/batch';
import { createDb, type Db } from '../../../db/client.ts';
import {
  heldMailsQuery,
  insertMails,
  mailsByIdQuery,
  markDigested,
  overdueMailsQuery,
  setLastDigest,
  touchMails,
  updateMail,
  type MailRow,
} from '../../../db/queries/notifications.ts';
import { MAX_ATTEMPTS, retryDelaySeconds } from '../../domain/webhook-retry.ts';
import type { Env } from '../../env.ts';
import { newId } from '../../lib/ids.ts';
import { openSecret, sealSecret } from '../../lib/secrets-crypto.ts';
import type { AppEnv } from '../../lib/types.ts';
import { log } from '../../middleware/logger.ts';
import { waitUntil } from '../../webhooks/enqueue.ts';
import { transmit } from './mail-transport.ts';
import { digestMail } from './templates/messages.ts';
import type { MailContent } from './templates/layout.ts';

type Statement = BatchItem<'sqlite'>;

/** One MAIL_QUEUE message: send one mail_messages row. Its state lives in the row. */
export interface MailQueueMessage {
  mailId: string;
}

const SEND_CHUNK = 100;
/** A pending mail this long past due lost its queue message: the cron sends it again. */
export const MAIL_OVERDUE_MS = 15 * 60_000;
/** Digests go out once a day, from the first cron run after this UTC hour. */
export const DIGEST_HOUR_UTC = 7;

/**
 * The mail row for a message that carries a secret link (password reset, invitation): its
 * content sealed under SECRETS_KEY (bound to the row id) until it is sent, then wiped.
 */
export async function sealedMailRow(env: Env, input: { type: string; dedupeKey: string; to: string; userId: string | null; content: MailContent }, now: Date) {
  const id = newId('mail');
  const sealed = await sealSecret(env, JSON.stringify(input.content), id);
  return {
    id,
    dedupeKey: input.dedupeKey,
    type: input.type,
    toAddress: input.to,
    userId: input.userId,
    content: JSON.stringify(sealed),
    sealed: true,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

/** Hands mail to MAIL_QUEUE; without the binding the rows wait for the cron sweep. */
export async function sendMailMessages(env: Env, messages: readonly MailQueueMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  if (!env.MAIL_QUEUE) {
    log('warn', 'mail: no MAIL_QUEUE binding; messages wait for the sweep', { count: messages.length });
    return 0;
  }
  for (let i = 0; i < messages.length; i += SEND_CHUNK) {
    await env.MAIL_QUEUE.sendBatch(messages.slice(i, i + SEND_CHUNK).map((body) => ({ body, contentType: 'json' as const })));
  }
  return messages.length;
}

/** After a request committed mail rows: queue them once the response is out. */
export function afterMailCommit(c: Context<AppEnv>, messages: readonly MailQueueMessage[]): void {
  if (messages.length === 0) return;
  waitUntil(
    c,
    sendMailMessages(c.env, messages).catch((err: unknown) => log('error', 'mail: queue send failed (the cron sweep retries)', { count: messages.length, error: String(err) })),
  );
}

async function contentOf(env: Env, row: MailRow): Promise<MailContent> {
  const text = row.sealed ? await openSecret(env, JSON.parse(row.content!) as { keyId: string; ciphertext: string }, row.id) : row.content!;
  return JSON.parse(text) as MailContent;
}

/**
 * The MAIL_QUEUE consumer: one read for the batch's rows, the sends in parallel, one write for
 * the outcomes, then ack or retry each message with the webhook backoff schedule. A row
 * already sent (a duplicate queue message) is acknowledged without sending again.
 */
export async function deliverMailBatch(env: Env, messages: readonly Message<MailQueueMessage>[], now = new Date()): Promise<void> {
  if (messages.length === 0) return;
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const rows = await mailsByIdQuery(db, messages.map((m) => m.body.mailId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const outcomes = await Promise.all(
    messages.map(async (queued) => {
      const row = byId.get(queued.body.mailId);
      if (!row || row.status !== 'pending' || !row.content) return { queued, statements: [] as Statement[], retry: null };
      const attempt = row.attempts + 1;
      try {
        const providerId = await transmit(env, row.id, await contentOf(env, row), row.toAddress);
        log('info', 'mail sent', { mailId: row.id, type: row.type, attempt });
        const patch = { status: 'sent' as const, attempts: attempt, sentAt: now, providerMessageId: providerId, lastError: null, nextAttemptAt: null, updatedAt: now };
        return { queued, statements: [updateMail(db, row.id, row.sealed ? { ...patch, content: null } : patch)], retry: null };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const dead = attempt >= MAX_ATTEMPTS;
        const delay = dead ? null : retryDelaySeconds(attempt, { status: null }, now);
        log('warn', 'mail attempt failed', { mailId: row.id, attempt, error, next: dead ? 'dead' : 'retry' });
        const patch = {
          status: dead ? ('dead' as const) : ('pending' as const),
          attempts: attempt,
          lastError: error.slice(0, 500),
          nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay * 1000),
          updatedAt: now,
        };
        return { queued, statements: [updateMail(db, row.id, patch)], retry: delay };
      }
    }),
  );
  const statements = outcomes.flatMap((o) => o.statements);
  if (statements.length > 0) await db.batch(statements as [Statement, ...Statement[]]);
  for (const { queued, retry } of outcomes) {
    if (retry === null) queued.ack();
    else queued.retry({ delaySeconds: retry });
  }
}

/** Cron: re-queue pending mail whose queue message never arrived (two round trips at most). */
export async function sweepMail(env: Env, now = new Date(), limit = 500): Promise<number> {
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const overdue = await overdueMailsQuery(db, new Date(now.getTime() - MAIL_OVERDUE_MS), limit);
  if (overdue.length === 0) return 0;
  await db.batch([touchMails(db, overdue.map((m) => m.id), now)]);
  return sendMailMessages(env, overdue.map((m) => ({ mailId: m.id })));
}

/**
 * Cron: once a day after DIGEST_HOUR_UTC, each staff member who chose the daily digest gets
 * one mail listing what was held for them. Held rows become `digested` in the same batch that
 * creates the digest (unique per user and day), so a second run writes nothing.
 */
export async function runDigests(env: Env, now = new Date(), limit = 2000): Promise<number> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (now < today) return 0;
  const db: Db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const held = await heldMailsQuery(db, today, limit);
  if (held.length === 0) return 0;
  const byUser = new Map<string, MailRow[]>();
  for (const { mail } of held) if (mail.userId) byUser.set(mail.userId, [...(byUser.get(mail.userId) ?? []), mail]);
  const statements: Statement[] = [];
  const digestIds: string[] = [];
  for (const [userId, mails] of byUser) {
    const subjects = mails.map((m) => ({ subject: (JSON.parse(m.content ?? '{}') as Partial<MailContent>).subject ?? m.type }));
    const id = newId('mail');
    digestIds.push(id);
    statements.push(
      insertMails(db, [
        {
          id,
          dedupeKey: `digest:${userId}:${today.toISOString().slice(0, 10)}`,
          type: 'digest',
          toAddress: mails[0]!.toAddress,
          userId,
          content: JSON.stringify(digestMail(env.PORTAL_URL, subjects)),
          sealed: false,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        },
      ]),
      markDigested(db, mails.map((m) => m.id), now),
    );
  }
  statements.push(setLastDigest(db, [...byUser.keys()], now));
  const results = await db.batch(statements as [Statement, ...Statement[]]);
  const created = results.flatMap((r) => (Array.isArray(r) ? (r as { id?: string; status?: string }[]) : [])).filter((r) => r.id && r.status === 'pending');
  return sendMailMessages(env, created.map((r) => ({ mailId: r.id! })));
}
