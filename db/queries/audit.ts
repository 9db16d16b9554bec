import { and, desc, eq, lt, or, getTableColumns, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog, users } from '../schema/index.ts';
import { insertRowsWhere } from './insert-where.ts';
import { preparedInsert } from './prepared.ts';
import type { KeysetPosition } from './keyset.ts';

export interface AuditFilter {
  actorId?: string;
  objectType?: string;
  objectId?: string;
  partnerId?: string;
  action?: string;
}

/**
 * Newest first, keyset on (at, id). Each filter has an index leading with it
 * (audit_actor_idx, audit_object_idx, audit_partner_idx) or falls back to audit_at_idx.
 */
export function auditPageQuery(db: Db, filter: AuditFilter, after: KeysetPosition | null, limit: number) {
  const conditions: (SQL | undefined)[] = [
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.objectType ? eq(auditLog.objectType, filter.objectType) : undefined,
    filter.objectId ? eq(auditLog.objectId, filter.objectId) : undefined,
    filter.partnerId ? eq(auditLog.partnerId, filter.partnerId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    after ? or(lt(auditLog.at, new Date(after.at)), and(eq(auditLog.at, new Date(after.at)), lt(auditLog.id, after.id))) : undefined,
  ];
  return db
    .select({ ...getTableColumns(auditLog), actorName: users.name })
    .from(auditLog)
    .leftJoin(users, and(eq(auditLog.actorType, 'user'), eq(users.id, auditLog.actorId)))
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
}

export type AuditRow = typeof auditLog.$inferInsert;

/**
 * The audit_log insert statements. worker/lib/audit.ts is their only caller (it maps actors,
 * IPs and entries to rows); query modules that write audited changes take the statement it
 * builds instead of inserting audit rows themselves.
 */
const insertAudit = preparedInsert(auditLog);
export const auditInsertStatement = (db: Db, row: AuditRow) => insertAudit(db, [row]);

/** The audit insert that runs only while `condition` holds at its point of the batch. */
export const auditInsertWhereStatement = (db: Db, row: AuditRow, condition: SQL) => insertRowsWhere(db, auditLog, [row], condition);
