import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import type { ChangeActor } from '../../db/queries/deal-transitions.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { Actor } from '../domain/actor.ts';
import { newId } from './ids.ts';
import type { AppEnv } from './types.ts';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string | null;
  partnerId?: string | null;
  details?: Record<string, unknown>;
  /** Defaults to the request's actor; pass explicitly when the actor is created by the request (sign-in, invitation accepted). */
  actor?: Actor | { kind: 'system' } | null;
  at?: Date;
}

/**
 * The audit_log insert for a change, to put in the same `db.batch` as the change itself:
 * who (actor), what (action, object), whose (partner), from where (cf-connecting-ip), when.
 *
 * @example await c.var.db.batch([db.update(users)…, auditInsert(c, { action: 'user.deactivated', objectType: 'user', objectId })])
 */
export function auditInsert(c: Context<AppEnv>, entry: AuditEntry) {
  return auditValues(c.var.db, auditRow(c, entry));
}

/** The audit_log row itself, for statements other than a plain insert (e.g. `insertIfPreviousChanged`). */
export function auditRow(c: Context<AppEnv>, entry: AuditEntry): typeof auditLog.$inferInsert {
  const actor = actorRef(entry.actor === undefined ? c.var.actor : entry.actor);
  return {
    id: newId('aud'),
    at: entry.at ?? new Date(),
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    partnerId: entry.partnerId ?? null,
    ip: c.var.clientIp,
    details: entry.details ?? null,
  };
}

const auditValues = (db: Db, row: typeof auditLog.$inferInsert) => db.insert(auditLog).values(row);

/** The one actor → audit mapping: who did it, as audit_log, timelines and the outbox record it. */
export function actorRef(actor: Actor | { kind: 'system' } | null): { type: 'user' | 'token' | 'system'; id: string | null } {
  if (actor?.kind === 'user') return { type: 'user', id: actor.userId };
  if (actor?.kind === 'token') return { type: 'token', id: actor.tokenId };
  return { type: 'system', id: null };
}

/** The request's actor and client IP, for db/queries builders that write their own audit rows. */
export function changeActorOf(c: Context<AppEnv>): ChangeActor {
  return { ...actorRef(c.var.actor), ip: c.var.clientIp };
}
