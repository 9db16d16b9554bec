import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { previousChanged } from '../../db/queries/insert-where.ts';
import { actorRef, resolvedAuditInsert, systemAuditInsert } from './audit.ts';

// Statements are only rendered (toSQL), never sent: no database needed.
const db = createDb({ url: 'http://127.0.0.1:1' });
const at = new Date('2026-06-01T12:00:00Z');

/** The row an `insert … values (…)` statement writes: column → value (a null may be in the text or an argument). */
function insertedRow({ sql, params }: { sql: string; params: unknown[] }): Record<string, unknown> {
  const [, columns = '', values = ''] = /^insert into "\w+" \(([^)]*)\) values \((.*)\)$/.exec(sql) ?? [];
  const args = [...params];
  const row = values.split(', ').map((v) => (v === '?' ? args.shift() : v === 'null' ? null : v));
  return Object.fromEntries(columns.split(', ').map((c, i) => [c.replaceAll('"', ''), row[i]]));
}

describe('the audit writer', () => {
  it('maps users, tokens and the system to actor type and id', () => {
    expect(actorRef({ kind: 'user', userId: 'usr_1', sessionId: 's', role: 'admin', partnerId: null, email: 'a@b.c', name: 'A' })).toEqual({ type: 'user', id: 'usr_1' });
    expect(actorRef({ kind: 'token', tokenId: 'tok_1', scopes: [] })).toEqual({ type: 'token', id: 'tok_1' });
    expect(actorRef({ kind: 'system' })).toEqual({ type: 'system', id: null });
    expect(actorRef(null)).toEqual({ type: 'system', id: null });
  });

  it('a system entry records no actor id and no IP, with the given object, partner, details and time', () => {
    const statement = systemAuditInsert(db, { action: 'tier_proposal.created', objectType: 'partner', objectId: 'ptr_1', partnerId: 'ptr_1', details: { to: 'gold' }, at }).toSQL();
    expect(statement.sql).toMatch(/^insert into "audit_log"/);
    expect(insertedRow(statement)).toEqual({
      id: expect.stringMatching(/^aud_/),
      at: at.getTime(),
      actor_type: 'system',
      actor_id: null,
      action: 'tier_proposal.created',
      object_type: 'partner',
      object_id: 'ptr_1',
      partner_id: 'ptr_1',
      ip: null,
      details: '{"to":"gold"}',
    });
  });

  it('a resolved actor keeps its IP; missing partner and details are stored as null', () => {
    const statement = resolvedAuditInsert(db, { action: 'deal.approved', objectType: 'deal', objectId: 'dl_1', actor: { type: 'token', id: 'tok_1', ip: '203.0.113.9' }, at }).toSQL();
    expect(insertedRow(statement)).toEqual({
      id: expect.stringMatching(/^aud_/),
      at: at.getTime(),
      actor_type: 'token',
      actor_id: 'tok_1',
      action: 'deal.approved',
      object_type: 'deal',
      object_id: 'dl_1',
      partner_id: null,
      ip: '203.0.113.9',
      details: null,
    });
  });

  it('with a condition, the row is inserted only while the condition holds', () => {
    const { sql } = resolvedAuditInsert(db, { action: 'deal.approved', objectType: 'deal', objectId: 'dl_1', actor: { type: 'user', id: 'usr_1' }, at }, previousChanged()).toSQL();
    expect(sql).toMatch(/insert into "audit_log" .*select .* where changes\(\) = 1$/);
  });
});
