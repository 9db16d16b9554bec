import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../../db/client.ts';
import { insertMails, insertNotifications, recipientCandidatesQuery, triggerEventsQuery, type MailInsert, type NotificationInsert } from '../../../db/queries/notifications.ts';
import type { Role } from '../../../db/schema/users.ts';
import { newId } from '../../lib/ids.ts';
import type { MailQueueMessage } from './mail-queue.ts';
import { notificationMail } from './templates/messages.ts';
import { contentFor, DEFAULT_PREFERENCES, emailMode, recipientsFor, TRIGGERS, type Candidate, type TriggerEvent } from './triggers.ts';

type Statement = BatchItem<'sqlite'>;
const CHUNK = 50;

/** The reads the fan-out needs for these outbox events: put them in the caller's read batch. */
export const notificationReads = (db: Db, eventIds: readonly string[]) => [triggerEventsQuery(db, eventIds), recipientCandidatesQuery(db, eventIds)] as const;

export interface CandidateRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  settings: { emailOff: string[] | null; teamDeals: boolean | null; dailyDigest: boolean | null } | null;
}

export const toCandidate = (r: CandidateRow): Candidate => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  partnerId: r.partnerId,
  preferences: r.settings?.emailOff
    ? { emailOff: r.settings.emailOff, teamDeals: !!r.settings.teamDeals, dailyDigest: !!r.settings.dailyDigest }
    : DEFAULT_PREFERENCES,
});

/** One notification for one person, before it becomes rows. */
export interface Delivery {
  recipient: Candidate;
  type: string;
  title: string;
  body: string;
  link: string;
  subjectType: string | null;
  subjectId: string | null;
  dedupeKey: string;
}

/**
 * Statements that write the notifications (and their mail) for `deliveries`: inserts that skip
 * what exists (unique per user and dedupe key), so a second fan-out of the same event — the
 * sweep racing the after-commit enqueue — writes nothing. `created` picks, from the batch's
 * results, the mail to hand to the queue (new and not held for a digest).
 */
export function deliveryStatements(db: Db, deliveries: readonly Delivery[], portalUrl: string, now: Date) {
  const notes: NotificationInsert[] = [];
  const mails: MailInsert[] = [];
  for (const d of deliveries) {
    notes.push({
      id: newId('ntf'),
      userId: d.recipient.id,
      type: d.type,
      title: d.title,
      body: d.body,
      link: d.link,
      subjectType: d.subjectType,
      subjectId: d.subjectId,
      dedupeKey: d.dedupeKey,
      createdAt: now,
      readAt: null,
    });
    const mode = emailMode(d.type, d.recipient);
    if (mode === 'off') continue;
    mails.push({
      id: newId('mail'),
      dedupeKey: `${d.dedupeKey}:${d.recipient.id}`,
      type: d.type,
      toAddress: d.recipient.email,
      userId: d.recipient.id,
      content: JSON.stringify(notificationMail(portalUrl, d)),
      sealed: false,
      status: mode === 'digest' ? 'held' : 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    });
  }
  const statements: Statement[] = [];
  for (let i = 0; i < notes.length; i += CHUNK) statements.push(insertNotifications(db, notes.slice(i, i + CHUNK)));
  const mailStart = statements.length;
  for (let i = 0; i < mails.length; i += CHUNK) statements.push(insertMails(db, mails.slice(i, i + CHUNK)));
  const created = (results: readonly unknown[]): MailQueueMessage[] =>
    results
      .slice(mailStart, statements.length)
      .flatMap((r) => r as { id: string; status: string }[])
      .filter((m) => m.status === 'pending')
      .map((m) => ({ mailId: m.id }));
  return { statements, created };
}

/** The deliveries the outbox events call for (events of types without a trigger give none). */
export function eventDeliveries(events: readonly TriggerEvent[], candidates: readonly Candidate[]): Delivery[] {
  return events.flatMap((e) => {
    const content = TRIGGERS[e.type] ? contentFor(e) : null;
    if (!content) return [];
    return recipientsFor(e, candidates).map((recipient) => ({
      recipient,
      type: e.type,
      ...content,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      dedupeKey: e.id,
    }));
  });
}

/**
 * The notification half of an outbox fan-out, from the results of `notificationReads`:
 * statements for the caller's write batch (the one that marks the events enqueued).
 */
export function notificationFanOut(
  db: Db,
  reads: readonly unknown[],
  pendingIds: readonly string[],
  portalUrl: string,
  now: Date,
) {
  const [eventRows, candidateRows] = reads as [TriggerEvent[], CandidateRow[]];
  const pending = new Set(pendingIds);
  const events = eventRows.filter((e) => pending.has(e.id));
  return deliveryStatements(db, eventDeliveries(events, candidateRows.map(toCandidate)), portalUrl, now);
}
