import { and, eq, fillPlaceholders, gt, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder, SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { apiTokens, partners, rateLimits, sessions, users } from '../schema/index.ts';
import type { Role } from '../schema/users.ts';
import { userColumns } from './users.ts';

/** What a session cookie claims (worker/domain/session.ts SessionClaims has this shape). */
interface ClaimedSession {
  sid: string;
  uid: string;
  role: Role;
  pid: string | null;
}

/** A failure counter's window (worker/domain/rate-limit.ts Limit has this shape). */
interface CounterWindow {
  max: number;
  windowMs: number;
}

/**
 * The row that proves a cookie's session is still good: not revoked, inside both timeouts,
 * and its user still active with the role and partner the cookie claims. Returns last_seen_at.
 */
export function sessionProbeQuery(db: Db, claims: ClaimedSession, tokenHash: string, now: Date, idleTimeoutMs: number) {
  return db
    .select({ seen: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, claims.sid),
        eq(sessions.tokenHash, tokenHash),
        eq(sessions.userId, claims.uid),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - idleTimeoutMs)),
        eq(users.status, 'active'),
        eq(users.role, claims.role),
        claims.pid === null ? isNull(users.partnerId) : eq(users.partnerId, claims.pid),
      ),
    );
}

/** A statement for `Client.batch`: SQL text and its arguments. */
export interface ProbeStatement {
  sql: string;
  args: unknown[];
}

/**
 * The session probe and its assertion, compiled to SQL once per isolate (with placeholders)
 * instead of on every signed-in request: the same two statements ride on each of them, and
 * building them with the query builder cost more CPU than the rest of the credential check.
 * Same statements as `sessionProbeQuery` + `assertionOf` (db/queries/auth.test.ts).
 */
type Compiled = ReturnType<SQLiteAsyncDialect['sqlToQuery']>;
interface CompiledProbe {
  probe: Compiled;
  assertion: Compiled;
  /** The assertion wraps the probe: the same placeholders in the same order, so one argument list serves both. */
  sameParams: boolean;
}
const compiled = new Map<string, CompiledProbe>();
const dialect = new SQLiteAsyncDialect();

function compile(key: string, build: () => { getSQL(): SQL }) {
  let entry = compiled.get(key);
  if (!entry) {
    const built = build();
    const probe = dialect.sqlToQuery(built.getSQL());
    const assertion = dialect.sqlToQuery(assertionOf(built));
    const sameParams = probe.params.length === assertion.params.length && probe.params.every((param, i) => param === assertion.params[i]);
    entry = { probe, assertion, sameParams };
    compiled.set(key, entry);
  }
  return entry;
}

function statements({ probe, assertion, sameParams }: CompiledProbe, values: Record<string, unknown>) {
  const args = fillPlaceholders(probe.params, values);
  return {
    probe: { sql: probe.sql, args } satisfies ProbeStatement,
    assertion: { sql: assertion.sql, args: sameParams ? args : fillPlaceholders(assertion.params, values) } satisfies ProbeStatement,
  };
}

const p = (name: string) => sql.placeholder(name);

export function sessionProbeStatements(claims: ClaimedSession, tokenHash: string, now: Date, idleTimeoutMs: number) {
  const withPartner = claims.pid !== null;
  const entry = compile(withPartner ? 'session+partner' : 'session', () =>
    new QueryBuilder()
      .select({ seen: sessions.lastSeenAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, p('sid')),
          eq(sessions.tokenHash, p('hash')),
          eq(sessions.userId, p('uid')),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, p('now')),
          gt(sessions.lastSeenAt, p('idleSince')),
          eq(users.status, 'active'),
          eq(users.role, p('role')),
          withPartner ? eq(users.partnerId, p('pid')) : isNull(users.partnerId),
        ),
      ),
  );
  // Placeholders skip the columns' encoders: timestamps go in as the stored epoch milliseconds.
  return statements(entry, { sid: claims.sid, hash: tokenHash, uid: claims.uid, now: now.getTime(), idleSince: now.getTime() - idleTimeoutMs, role: claims.role, pid: claims.pid });
}

export function tokenProbeStatements(id: string, tokenHash: string) {
  const entry = compile('token', () =>
    new QueryBuilder()
      .select({ seen: sql<number>`coalesce(${apiTokens.lastUsedAt}, 0)` })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, p('id')), eq(apiTokens.tokenHash, p('hash')), isNull(apiTokens.revokedAt))),
  );
  return statements(entry, { id, hash: tokenHash });
}

/** An integration token is good while its whole-string hash matches and it is not revoked. Returns last_used_at (0 when never used). */
export function tokenProbeQuery(db: Db, id: string, tokenHash: string) {
  return db
    .select({ seen: sql<number>`coalesce(${apiTokens.lastUsedAt}, 0)` })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
}

/**
 * The probe as an assertion: one row with the probe's value, or — when the probe finds no row —
 * a statement error. Put first in a batch (a transaction), the error rolls back every write
 * after it, so a revoked credential cannot write even in the batch that discovers the
 * revocation. SQLite has no RAISE outside triggers; json() of a malformed literal is the
 * portable way to fail a statement (CASE evaluates it only in that branch).
 */
export function assertionOf(probe: { getSQL(): SQL }): SQL {
  return sql`select case when v.seen is null then json('credential rejected') else v.seen end from (select (${probe.getSQL()}) as seen) v`;
}

export const touchSession = (db: Db, id: string, now: Date) =>
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));

export const touchToken = (db: Db, id: string, now: Date) =>
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));

/** The account a login names, with its partner, for the login's first round trip. */
export function loginAccountQuery(db: Db, email: string) {
  return db
    .select({ user: users, partner: { id: partners.id, name: partners.name, type: partners.type, tierId: partners.tierId, stage: partners.stage } })
    .from(users)
    .leftJoin(partners, eq(partners.id, users.partnerId))
    .where(eq(users.email, email));
}

export function rateCountersQuery(db: Db, keys: string[]) {
  return db.select().from(rateLimits).where(sql`${rateLimits.key} in ${keys}`);
}

/** Counts one failure: restarts the window when the stored one has ended. */
export function countFailure(db: Db, key: string, limit: CounterWindow, now: Date) {
  const windowEnded = sql`${rateLimits.windowStart} <= ${now.getTime() - limit.windowMs}`;
  return db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${windowEnded} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${windowEnded} then ${now.getTime()} else ${rateLimits.windowStart} end`,
      },
    });
}

/**
 * Counts one failure on a backoff counter: `window_start` becomes the time of this failure;
 * the count starts again at 1 when the previous failure is older than `forgetMs`.
 */
export function countBackoffFailure(db: Db, key: string, forgetMs: number, now: Date) {
  const forgotten = sql`${rateLimits.windowStart} <= ${now.getTime() - forgetMs}`;
  return db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { count: sql`case when ${forgotten} then 1 else ${rateLimits.count} + 1 end`, windowStart: now },
    });
}

export const clearCounter = (db: Db, key: string) => db.delete(rateLimits).where(eq(rateLimits.key, key));

export function insertSession(db: Db, row: typeof sessions.$inferInsert) {
  return db.insert(sessions).values(row);
}

export const revokeSession = (db: Db, id: string, now: Date) =>
  db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));

/** Revokes every live session of a user, except `keep` (the one changing the password). */
export function revokeUserSessions(db: Db, userId: string, now: Date, keep?: string) {
  return db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined));
}

/** The signed-in user and their partner (GET /me). */
export function meQuery(db: Db, userId: string) {
  return db
    .select({
      user: userColumns,
      partner: { id: partners.id, name: partners.name, type: partners.type, tierId: partners.tierId, stage: partners.stage },
    })
    .from(users)
    .leftJoin(partners, eq(partners.id, users.partnerId))
    .where(eq(users.id, userId));
}

export const passwordHashQuery = (db: Db, userId: string) =>
  db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));

export function setPassword(db: Db, userId: string, passwordHash: string, now: Date) {
  return db.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, userId));
}

export const recordLogin = (db: Db, userId: string, now: Date) => db.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId));

/** Revokes the user's other live sessions; returns their ids. */
export const revokeOtherSessions = (db: Db, userId: string, keep: string, now: Date) => revokeUserSessions(db, userId, now, keep).returning({ id: sessions.id });
