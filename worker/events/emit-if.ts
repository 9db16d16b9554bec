import type { Context } from 'hono';
import type { SQL } from 'drizzle-orm';
import { insertEventsWhere } from '../../db/queries/webhooks.ts';
import { auditInsertWhere, type AuditEntry } from '../lib/audit.ts';
import { newId } from '../lib/ids.ts';
import type { AppEnv } from '../lib/types.ts';
import { rememberEvents, type EmitInput } from './emit.ts';

/**
 * `emitEvent` and `auditInsert` that write only while `condition` holds at that point of the
 * batch (e.g. a guarded update really changed the row), so a request that lost a race leaves
 * no event or audit entry behind. Events whose row never committed are not enqueued.
 *
 * @example db.batch([guardedUpdate, ...writtenIf(c, certificationDecidedAt(id, status, at, by), audit, event)])
 */
export function writtenIf(c: Context<AppEnv>, condition: SQL, audit: AuditEntry, event: EmitInput) {
  const id = event.id ?? newId('evt');
  rememberEvents(c, [id]);
  return [
    auditInsertWhere(c, audit, condition),
    insertEventsWhere(
      c.get('db'),
      [{ id, type: event.type, occurredAt: event.at ?? new Date(), partnerId: event.partnerId, subjectType: event.subjectType, subjectId: event.subjectId, data: event.data }],
      condition,
    ),
  ] as const;
}
