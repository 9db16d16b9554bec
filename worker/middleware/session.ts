import type { Client, InArgs, InStatement, ResultSet, TransactionMode } from '@libsql/client/http';
import type { Context, MiddlewareHandler } from 'hono';
import { createDbClient, dbOn, type Db } from '../../db/client.ts';
import { sessionProbeStatements, tokenProbeStatements, touchSession, touchToken } from '../../db/queries/auth.ts';
import type { Actor, UserActor } from '../domain/actor.ts';
import type { Role } from '../../db/schema/users.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, decodeSessionCookie, encodeSessionCookie, needsTouch, newSessionToken, type SessionClaims } from '../domain/session.ts';
import { newId } from '../lib/ids.ts';
import { parseIntegrationToken } from '../domain/tokens.ts';
import { clearedSessionCookie, readSessionCookie, setSessionCookie } from '../lib/cookies.ts';
import { ProblemError, problemResponse, problemType } from '../lib/problem.ts';
import { hmacKey, sha256Hex } from '../lib/signing.ts';
import type { AppEnv } from '../lib/types.ts';
import { log } from './logger.ts';

export const SESSION_COOKIE_PURPOSE = 'session-cookie';

/**
 * Who is calling: a Bearer integration token or the session cookie, known from the token's
 * own claims / the cookie's HMAC-signed claims without a database call.
 *
 * Proof that the credential is still valid (not revoked, not expired, user still active with
 * the same role and partner) needs the database, and must not cost a round trip of its own.
 * So this middleware sets the request's database (`c.get('db')`); for a credential it is one
 * whose FIRST round trip — whatever the handler runs first: a query, a batch, a write — carries
 * the check as the first statement of the same batch. Handlers cannot skip it: there is no other database on the context. If the check
 * fails, the request answers 401 (and the batch's writes roll back, see `assertionOf` in db/queries/auth.ts). A
 * handler that never touches the database is checked after it returns, before the response
 * leaves. last_seen_at / last_used_at are refreshed at most every few minutes, after the
 * response (waitUntil).
 *
 * A malformed Bearer token answers 401 at once; a cookie with a bad signature is ignored
 * (anonymous), so a stale cookie never blocks public pages.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const credential = await readCredential(c);
    const client = createDbClient({
      url: c.env.TURSO_DATABASE_URL,
      authToken: c.env.TURSO_AUTH_TOKEN,
      traceId: c.env.DB_TRACE === '1' ? c.get('requestId') : undefined,
    });
    if (!credential) {
      c.set('db', dbOn(client));
      return next();
    }

    const verification = new Verification(client, credential);
    c.set('actor', credential.actor);
    c.set('db', dbOn(verification.client()));

    await next();

    const verified = await verification.settle();
    if (!verified) {
      c.res = problemResponse(c, 401, credential.rejected().problem, credential.rejected().headers);
      return;
    }
    const seen = verification.lastSeen;
    const now = new Date();
    if (seen !== null && needsTouch(seen, now.getTime())) {
      c.executionCtx.waitUntil(
        credential
          .touch(dbOn(client), now)
          .catch((err: unknown) => log('warn', 'could not refresh last-seen', { requestId: c.get('requestId'), error: String(err) })),
      );
    }
  };
}

interface Credential {
  actor: Actor;
  /** Non-raising form: a row when valid, none when not. */
  probe: InStatement;
  /** Raising form, for the first statement of a batch. */
  assertion: InStatement;
  /** The 401 to answer when the database says no (built only then: an Error captures a stack). */
  rejected: () => ProblemError;
  touch(db: Db, now: Date): Promise<unknown>;
}

/**
 * Requests that start a new session (sign-in, accepting an invitation) replace whatever session
 * the browser holds: a cookie it still sends — revoked, expired — must not make them fail.
 */
const STARTS_SESSION = /^\/api\/v1\/(?:auth\/login|invitations\/[^/]+\/accept)$/;

async function readCredential(c: Context<AppEnv>): Promise<Credential | null> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) return bearerCredential(c, authorization);
  const cookie = readSessionCookie(c);
  if (!cookie || (c.req.method === 'POST' && STARTS_SESSION.test(c.req.path))) return null;
  const decoded = await decodeSessionCookie(await hmacKey(c.env.SECRETS_KEY, SESSION_COOKIE_PURPOSE), cookie);
  if (!decoded) return null;
  const { tokenHash, claims } = decoded;
  const { probe, assertion } = sessionProbeStatements(claims, tokenHash, new Date(), IDLE_TIMEOUT_MS);
  return {
    actor: { kind: 'user', userId: claims.uid, sessionId: claims.sid, role: claims.role, partnerId: claims.pid, email: claims.email, name: claims.name },
    probe: probe as InStatement,
    assertion: assertion as InStatement,
    rejected: () =>
      new ProblemError(
        401,
        { type: problemType('session-expired'), detail: 'Your session has ended. Sign in again.' },
        { 'set-cookie': clearedSessionCookie(c.env) },
      ),
    touch: (db, now) => touchSession(db, claims.sid, now),
  };
}

async function bearerCredential(c: Context<AppEnv>, authorization: string): Promise<Credential> {
  const rejected = () =>
    new ProblemError(
      401,
      { type: problemType('invalid-token'), detail: 'The integration token is invalid or revoked.' },
      { 'www-authenticate': 'Bearer error="invalid_token"' },
    );
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  const token = match ? match[1]! : '';
  const claims = parseIntegrationToken(token);
  if (!claims) throw rejected();
  const { probe, assertion } = tokenProbeStatements(claims.id, await sha256Hex(token));
  return {
    actor: { kind: 'token', tokenId: claims.id, scopes: claims.scopes },
    probe: probe as InStatement,
    assertion: assertion as InStatement,
    rejected,
    touch: (db, now) => touchToken(db, claims.id, now),
  };
}

/**
 * The credential check riding on the request's first database round trip.
 * States: pending (nothing sent yet) → verified | rejected.
 */
class Verification {
  private state: 'pending' | 'verified' | 'rejected' = 'pending';
  private first: Promise<unknown> | null = null;
  /** last_seen_at / last_used_at (ms) as the check read it. */
  lastSeen: number | null = null;

  constructor(
    private readonly raw: Client,
    private readonly credential: Credential,
  ) {}

  /** A libSQL client whose first execute/batch prepends the assertion. */
  client(): Client {
    const execute = async (stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> => {
      const stmt = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
      return (await this.batch([stmt]))[0]!;
    };
    const batch = (stmts: InStatement[], mode?: TransactionMode) => this.batch(stmts, mode);
    const transaction = async (mode?: TransactionMode) => {
      await this.settleOrThrow();
      return this.raw.transaction(mode);
    };
    return new Proxy(this.raw, {
      get: (target, prop) => {
        if (prop === 'execute') return execute;
        if (prop === 'batch') return batch;
        if (prop === 'transaction') return transaction;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private async batch(stmts: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> {
    if (this.state === 'pending' && !this.first) {
      const done = this.raw.batch([this.credential.assertion, ...stmts], mode ?? 'deferred').then(
        ([check, ...results]) => {
          this.accept(check!.rows[0]?.[0]);
          return results;
        },
        async (err: unknown) => {
          // The batch failed: the assertion (credential no longer valid) or the handler's own statement?
          if (!(await this.probe())) throw this.credential.rejected();
          throw err;
        },
      );
      this.first = done.catch(() => undefined);
      return done;
    }
    await this.settleOrThrow();
    return mode ? this.raw.batch(stmts, mode) : this.raw.batch(stmts);
  }

  private accept(seen: unknown) {
    this.state = 'verified';
    this.lastSeen = typeof seen === 'number' ? seen : Number(seen);
  }

  private async probe(): Promise<boolean> {
    if (this.state !== 'pending') return this.state === 'verified';
    const rs = await this.raw.execute(this.credential.probe);
    const row = rs.rows[0];
    if (!row) {
      this.state = 'rejected';
      return false;
    }
    this.accept(row[0]);
    return true;
  }

  private async settleOrThrow() {
    if (!(await this.settle())) throw this.credential.rejected();
  }

  /** True once the credential is proven valid; checks now if nothing has yet. */
  async settle(): Promise<boolean> {
    if (this.first) await this.first;
    if (this.state === 'pending') return this.probe();
    return this.state === 'verified';
  }
}

/**
 * A new session for `user` (sign-in, accepted invitation): the row to insert in the caller's
 * batch, the actor it makes (for the audit entry), and `setCookie()` to call once the batch
 * committed.
 */
export async function startSession(
  c: Context<AppEnv>,
  user: { id: string; role: Role; partnerId: string | null; email: string; name: string },
  now: Date,
) {
  const token = newSessionToken();
  const claims: SessionClaims = { sid: newId('ses'), uid: user.id, role: user.role, pid: user.partnerId, email: user.email, name: user.name, iat: now.getTime() };
  const cookie = await encodeSessionCookie(await hmacKey(c.env.SECRETS_KEY, SESSION_COOKIE_PURPOSE), token, claims);
  const actor: UserActor = { kind: 'user', userId: user.id, sessionId: claims.sid, role: user.role, partnerId: user.partnerId, email: user.email, name: user.name };
  return {
    actor,
    row: {
      id: claims.sid,
      userId: user.id,
      tokenHash: await sha256Hex(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      lastSeenAt: now,
      ip: c.get('clientIp'),
      userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
    },
    setCookie: () => setSessionCookie(c, cookie, Math.floor(ABSOLUTE_TIMEOUT_MS / 1000)),
  };
}
