import { createClient } from '@libsql/client/http';
import { drizzle } from 'drizzle-orm/libsql/http';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { assertionOf, sessionProbeQuery, sessionProbeStatements, tokenProbeQuery, tokenProbeStatements } from './auth.ts';

// A client that is never used: the queries are only turned into SQL here.
const db = drizzle(createClient({ url: 'http://127.0.0.1:1' }));
const dialect = new SQLiteAsyncDialect();
const now = new Date('2026-12-02T10:00:00Z');

describe('the precompiled credential probes', () => {
  for (const pid of ['prt_1', null]) {
    it(`are the query builder's statements with the same arguments (partner ${pid ?? 'none'})`, () => {
      const claims = { sid: 'ses_1', uid: 'usr_1', role: 'partner_admin' as const, pid };
      const built = sessionProbeQuery(db, claims, 'hash-1', now, 3_600_000);
      const expected = { probe: dialect.sqlToQuery(built.getSQL()), assertion: dialect.sqlToQuery(assertionOf(built)) };
      // Twice: the second call comes from the compiled cache.
      for (let i = 0; i < 2; i++) {
        const got = sessionProbeStatements(claims, 'hash-1', now, 3_600_000);
        expect(got.probe).toEqual({ sql: expected.probe.sql, args: expected.probe.params });
        expect(got.assertion).toEqual({ sql: expected.assertion.sql, args: expected.assertion.params });
      }
    });
  }

  it('fill in each request its own values', () => {
    const a = sessionProbeStatements({ sid: 'ses_a', uid: 'usr_a', role: 'manager', pid: null }, 'ha', now, 1000);
    const b = sessionProbeStatements({ sid: 'ses_b', uid: 'usr_b', role: 'admin', pid: null }, 'hb', now, 1000);
    expect(a.probe.sql).toBe(b.probe.sql);
    expect(a.probe.args).toContain('ses_a');
    expect(b.probe.args).toContain('ses_b');
    expect(b.probe.args).not.toContain('ses_a');
  });

  it('match for integration tokens too', () => {
    const built = tokenProbeQuery(db, 'tok_1', 'hash-t');
    const got = tokenProbeStatements('tok_1', 'hash-t');
    expect(got.probe).toEqual({ sql: dialect.sqlToQuery(built.getSQL()).sql, args: dialect.sqlToQuery(built.getSQL()).params });
    expect(got.assertion.sql).toBe(dialect.sqlToQuery(assertionOf(built)).sql);
  });
});
