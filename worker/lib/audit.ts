import type { SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { auditInsertStatement, auditInsertWhereStatement, type AuditRow } from '../../db/queries/audit.ts';
import type { ChangeActor } from '../../db/queries/deal-transitions.ts';
import { previousChanged } from '../../db/queries/insert-where.ts';
import type { Actor } from '../domain/actor.ts';
import { newId } from './ids.ts';
import type { AppEnv } from './types.ts';

/**
 * The one audit writer: every audit_log row is built here (who, what, whose, from where,
 * when) and inserted by the statements below, which callers put in the same `db.batch` as
 * the change itself. Query modules that write audited changes take these statements.
 */

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string | null;
  partnerId?: string | null;
  details?: Record<string, unknown> | null;
  /** Defaults to the request's actor; pass explicitly when the actor is created by the request (sign-in, invitation accepted). */
  actor?: Actor | { kind: 'system' } | null;
  at?: Date;
}

/** An entry whose actor is already resolved (jobs, lifecycle plans): no request context needed. */
export interface ResolvedAuditEntry extends Omit<AuditEntry, 'actor'> {
  actor: ChangeActor;
}

/**
 * The audit_log insert for a change made by the request's actor.
 *
 * @example await c.get('db').batch([db.update(users)…, auditInsert(c, { action: 'user.deactivated', objectType: 'user', objectId })])
 */
export function auditInsert(c: Context<AppEnv>, entry: AuditEntry) {
  return auditInsertStatement(c.get('db'), auditRow(c, entry));
}

/** `auditInsert` that writes only while `condition` holds at its point of the batch (a guarded change really happened). */
export function auditInsertWhere(c: Context<AppEnv>, entry: AuditEntry, condition: SQL) {
  return auditInsertWhereStatement(c.get('db'), auditRow(c, entry), condition);
}

/** `auditInsert` that writes only when the statement just before it changed exactly one row. */
export function auditInsertIfPreviousChanged(c: Context<AppEnv>, entry: AuditEntry) {
  return auditInsertWhere(c, entry, previousChanged());
}

/** The audit insert for a change whose actor is already resolved (cron jobs, lifecycle plans). */
export function resolvedAuditInsert(db: Db, entry: ResolvedAuditEntry, condition?: SQL) {
  const row = resolvedAuditRow(entry);
  return condition ? auditInsertWhereStatement(db, row, condition) : auditInsertStatement(db, row);
}

/** The audit insert for a change the system made on its own (the daily job). */
export function systemAuditInsert(db: Db, entry: Omit<AuditEntry, 'actor'>) {
  return resolvedAuditInsert(db, { ...entry, actor: { type: 'system', id: null, ip: null } });
}

function auditRow(c: Context<AppEnv>, entry: AuditEntry): AuditRow {
  const actor = actorRef(entry.actor === undefined ? c.get('actor') : entry.actor);
  return resolvedAuditRow({ ...entry, actor: { ...actor, ip: c.get('clientIp') } });
}

function resolvedAuditRow(entry: ResolvedAuditEntry): AuditRow {
  return {
    id: newId('aud'),
    at: entry.at ?? new Date(),
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    partnerId: entry.partnerId ?? null,
    ip: entry.actor.ip ?? null,
    details: entry.details ?? null,
  };
}

/** The one actor → audit mapping: who did it, as audit_log, timelines and the outbox record it. */
export function actorRef(actor: Actor | { kind: 'system' } | null): { type: 'user' | 'token' | 'system'; id: string | null } {
  if (actor?.kind === 'user') return { type: 'user', id: actor.userId };
  if (actor?.kind === 'token') return { type: 'token', id: actor.tokenId };
  return { type: 'system', id: null };
}

/** The request's actor and client IP, for plans (deal transitions) that record who made a change. */
export function changeActorOf(c: Context<AppEnv>): ChangeActor {
  return { ...actorRef(c.get('actor')), ip: c.get('clientIp') };
}
