import { deleteCookie } from 'hono/cookie';
import {
  clearCounter,
  countBackoffFailure,
  countFailure,
  insertSession,
  loginAccountQuery,
  passwordHashQuery,
  rateCountersQuery,
  recordLogin,
  revokeSession,
  revokeUserSessions,
  setPassword,
} from '../../../db/queries/auth.ts';
import { retryAfterSeconds } from '../../domain/rate-limit.ts';
import {
  ACCOUNT_BACKOFF,
  backoffSeconds,
  LOGIN_IP_LIMIT,
  loginAccountKey,
  loginIpKey,
  loginPairKey,
  PAIR_BACKOFF,
  PASSWORD_CHANGE_LIMIT,
  passwordChangeKey,
} from '../../domain/login-throttle.ts';
import { plural } from '../../lib/plural.ts';
import { auditInsert } from '../../lib/audit.ts';
import { sessionCookieName } from '../../lib/cookies.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../lib/password.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { userActor } from '../../middleware/auth.ts';
import { startSession } from '../../middleware/session.ts';
import { LoginSchema, MeSchema, PasswordChangeSchema } from './schemas.ts';
import { errorResponses, problemContent } from '../../lib/schemas.ts';
import { userView } from '../users/schemas.ts';


const loginRoute = defineRoute({ permission: null }, {
  method: 'post',
  path: '/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password; sets the session cookie',
  security: [],
  request: { body: { required: true, content: json(LoginSchema) } },
  responses: {
    200: { description: 'Signed in', content: json(MeSchema) },
    401: { description: 'Wrong email or password (the answer does not say which)', content: problemContent },
    422: errorResponses[422],
    429: { description: 'Too many failed attempts; see Retry-After', content: problemContent },
  },
});

const logoutRoute = defineRoute({ permission: null }, {
  method: 'post',
  path: '/auth/logout',
  tags: ['Auth'],
  summary: 'Sign out: revokes this session and clears the cookie',
  responses: { 204: { description: 'Signed out' } },
});

const passwordRoute = defineRoute({ permission: 'account:manage' }, {
  method: 'post',
  path: '/auth/password',
  tags: ['Auth'],
  summary: 'Change your own password; signs out your other sessions',
  request: { body: { required: true, content: json(PasswordChangeSchema) } },
  responses: {
    204: { description: 'Changed' },
    ...errorResponses,
    429: { description: 'Too many wrong current passwords (5 per 15 minutes); see Retry-After', content: problemContent },
  },
});

const wrongCredentials = () =>
  new ProblemError(401, { type: problemType('invalid-credentials'), title: 'Sign-in failed', detail: 'Email or password is incorrect.' });

/** "45 seconds", "2 minutes", "1 hour": how long a throttled caller waits, for people. */
function waitText(seconds: number): string {
  if (seconds < 60) return plural(seconds, 'second');
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}

export const authRoutes = createRouter()
  .openapi(loginRoute, async (c) => {
    const db = c.get('db');
    const { password } = c.req.valid('json');
    const email = c.req.valid('json').email.toLowerCase();
    const ip = c.get('clientIp');
    const now = new Date();
    const accountKey = loginAccountKey(email);
    const pairKey = loginPairKey(email, ip);
    const ipKey = ip ? loginIpKey(ip) : null;

    // Round trip 1: the account and its failure counters (this address + account, this address, the account).
    const [accounts, counters] = await db.batch([
      loginAccountQuery(db, email),
      rateCountersQuery(db, ipKey ? [pairKey, accountKey, ipKey] : [pairKey, accountKey]),
    ]);
    const counter = (key: string | null) => counters.find((r) => r.key === key);
    const wait = Math.max(
      backoffSeconds(counter(pairKey), PAIR_BACKOFF, now.getTime()),
      backoffSeconds(counter(accountKey), ACCOUNT_BACKOFF, now.getTime()),
      retryAfterSeconds(counter(ipKey), LOGIN_IP_LIMIT, now.getTime()),
    );
    if (wait > 0) {
      throw new ProblemError(
        429,
        {
          type: problemType('too-many-attempts'),
          title: 'Too many sign-in attempts',
          detail: `Too many failed sign-ins from here. Try again in ${waitText(wait)}.`,
          retryAfterSeconds: wait,
        },
        { 'retry-after': String(wait) },
      );
    }

    const account = accounts[0];
    const hash = account?.user.status === 'active' ? account.user.passwordHash : null;
    // Unknown and unusable accounts are checked against a dummy hash: same work, same time.
    const matches = await verifyPassword(password, hash ?? DUMMY_PASSWORD_HASH);

    // Round trip 2: either the failure counters or the new session.
    if (!matches || !account || !hash) {
      await db.batch([
        countBackoffFailure(db, pairKey, PAIR_BACKOFF.forgetMs, now),
        countBackoffFailure(db, accountKey, ACCOUNT_BACKOFF.forgetMs, now),
        ...(ipKey ? [countFailure(db, ipKey, LOGIN_IP_LIMIT, now)] : []),
        auditInsert(c, {
          action: 'auth.login_failed',
          objectType: 'user',
          objectId: account?.user.id ?? null,
          partnerId: account?.user.partnerId ?? null,
          details: { email },
          actor: null,
        }),
      ]);
      throw wrongCredentials();
    }

    const { user, partner } = account;
    const session = await startSession(c, user, now);
    await db.batch([
      insertSession(db, session.row),
      recordLogin(db, user.id, now),
      clearCounter(db, pairKey),
      clearCounter(db, accountKey),
      auditInsert(c, { action: 'auth.login', objectType: 'session', objectId: session.row.id, partnerId: user.partnerId, actor: session.actor, at: now }),
    ]);
    session.setCookie();
    return c.json(
      {
        kind: 'user' as const,
        user: userView({ ...user, lastLoginAt: now }),
        role: user.role,
        partner: partner ?? null,
        token: null,
      },
      200,
    );
  })
  .openapi(logoutRoute, async (c) => {
    const actor = c.get('actor');
    if (actor?.kind === 'user') {
      try {
        await c.get('db').batch([
          revokeSession(c.get('db'), actor.sessionId, new Date()),
          auditInsert(c, { action: 'auth.logout', objectType: 'session', objectId: actor.sessionId, partnerId: actor.partnerId }),
        ]);
      } catch (err) {
        // Already revoked or expired: signing out is done either way.
        if (!(err instanceof ProblemError && err.status === 401)) throw err;
      }
    }
    deleteCookie(c, sessionCookieName(c.env), { path: '/', secure: c.env.APP_ENV === 'production' });
    return c.body(null, 204);
  })
  .openapi(passwordRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { currentPassword, newPassword } = c.req.valid('json');
    const now = new Date();
    const limitKey = passwordChangeKey(actor.userId);
    const [[row], counters] = await db.batch([passwordHashQuery(db, actor.userId), rateCountersQuery(db, [limitKey])]);
    const wait = retryAfterSeconds(counters[0], PASSWORD_CHANGE_LIMIT, now.getTime());
    if (wait > 0) {
      throw new ProblemError(
        429,
        {
          type: problemType('too-many-attempts'),
          title: 'Too many attempts',
          detail: `Too many wrong current passwords. Try again in ${waitText(wait)}.`,
          retryAfterSeconds: wait,
        },
        { 'retry-after': String(wait) },
      );
    }
    if (!row?.passwordHash || !(await verifyPassword(currentPassword, row.passwordHash))) {
      await db.batch([countFailure(db, limitKey, PASSWORD_CHANGE_LIMIT, now)]);
      throw new ProblemError(422, {
        type: problemType('validation'),
        title: 'Check the highlighted fields',
        detail: 'The current password is wrong.',
        errors: [{ field: 'currentPassword', message: 'Does not match your current password', code: 'mismatch' }],
      });
    }
    await db.batch([
      clearCounter(db, limitKey),
      setPassword(db, actor.userId, await hashPassword(newPassword), now),
      revokeUserSessions(db, actor.userId, now, actor.sessionId),
      auditInsert(c, { action: 'user.password_changed', objectType: 'user', objectId: actor.userId, partnerId: actor.partnerId, at: now }),
    ]);
    return c.body(null, 204);
  });
