import type { Context, MiddlewareHandler } from 'hono';
import { insertEvent } from '../../db/queries/webhooks.ts';
import { newId } from '../lib/ids.ts';
import type { AppEnv } from '../lib/types.ts';
import { afterCommit } from '../webhooks/enqueue.ts';
import type { EventType } from './catalog.ts';

export interface EmitInput {
  type: EventType;
  subjectType: string;
  subjectId: string;
  partnerId: string | null;
  data: Record<string, unknown>;
  at?: Date;
  id?: string;
}

/**
 * The outbox insert for an event, to put in the same `db.batch` as the change it describes.
 * The event id is remembered on the request: once the handler answered successfully,
 * `enqueueEmitted()` hands every remembered event to the queue (ids that never committed are
 * simply not found), so no route can forget to enqueue.
 *
 * @example await db.batch([updatePartner(db, id, patch), auditInsert(c, …), emitEvent(c, { type: 'partner.updated', … })])
 */
export function emitEvent(c: Context<AppEnv>, input: EmitInput) {
  const id = input.id ?? newId('evt');
  rememberEvents(c, [id]);
  return insertEvent(c.get('db'), {
    id,
    type: input.type,
    occurredAt: input.at ?? new Date(),
    partnerId: input.partnerId,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    data: input.data,
  });
}

/** For event rows built elsewhere (e.g. a deal transition's plan): enqueue them after commit too. */
export function rememberEvents(c: Context<AppEnv>, ids: readonly string[]): void {
  const list = c.get('emittedEvents');
  if (list) list.push(...ids);
  else c.set('emittedEvents', [...ids]);
}

/** Middleware: after a successful response, hand the request's events to the queue (not awaited). */
export function enqueueEmitted(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const ids = c.get('emittedEvents');
    if (ids?.length && c.res.status < 400) afterCommit(c, [...new Set(ids)]);
  };
}
