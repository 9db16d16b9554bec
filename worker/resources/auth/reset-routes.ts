import { clearCounter, countFailure, loginAccountQuery, rateCountersQuery } from '../../../db/queries/auth.ts';
import {
  consumePasswordReset,
  insertResetAndMailWhere,
  passwordResetQuery,
  resetConsumedBy,
  resetCounterAllows,
  resetPasswordStatements,
} from '../../../db/queries/notifications.ts';
import { loginAccountKey, retryAfterSeconds } from '../../domain/rate-limit.ts';
import { auditInsertIfPreviousChanged, auditInsertWhere } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/password.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses, problemContent } from '../../lib/schemas.ts';
import { sha256Hex } from '../../lib/signing.ts';
import { afterMailCommit, sealedMailRow } from '../notifications/mail-queue.ts';
import { passwordResetMail } from '../notifications/templates/messages.ts';
import { PasswordResetConfirmSchema, PasswordResetRequestSchema } from './account-schemas.ts';
import { newResetToken, RESET_LIMITS, RESET_TTL_MS, resetAccountKey, resetAddressKey, resetConfirmIpKey, resetIpKey, resetUsable } from './reset-rules.ts';
import { z } from '@hono/zod-openapi';

const ACCEPTED = { message: 'If an account exists for this address, we sent it a link to choose a new password. The link works once, for one hour.' };
const tooMany = (wait: number) =>
  new ProblemError(429, { type: problemType('too-many-attempts'), detail: 'Too many password reset attempts. Try again later.', retryAfterSeconds: wait }, { 'retry-after': String(wait) });
const invalidLink = () =>
  new ProblemError(404, { type: problemType('reset-link-invalid'), detail: 'This password reset link is unknown, used or expired. Ask for a new one.' });

const requestRoute = defineRoute(
  { permission: null },
  {
    method: 'post',
    path: '/auth/password-reset',
    tags: ['Auth'],
    summary: 'Forgot password: email a single-use reset link (the same answer whether or not the account exists)',
    security: [],
    request: { body: { required: true, content: json(PasswordResetRequestSchema) } },
    responses: {
      202: { description: 'Accepted (a link was sent if the account exists)', content: json(z.object({ message: z.string() })) },
      422: errorResponses[422],
      429: { description: 'Too many requests for this address or from this network; see Retry-After', content: problemContent },
    },
  },
);

const confirmRoute = defineRoute(
  { permission: null },
  {
    method: 'post',
    path: '/auth/password-reset/confirm',
    tags: ['Auth'],
    summary: 'Set a new password with a reset link; ends every session of the account',
    security: [],
    request: { body: { required: true, content: json(PasswordResetConfirmSchema) } },
    responses: {
      204: { description: 'Password set; sign in with it' },
      404: { description: 'The link is unknown, used or expired', content: problemContent },
      422: errorResponses[422],
      429: { description: 'Too many bad links from this network; see Retry-After', content: problemContent },
    },
  },
);

export const passwordResetRoutes = createRouter()
  .openapi(requestRoute, async (c) => {
    const db = c.get('db');
    const email = c.req.valid('json').email.toLowerCase();
    const ip = c.get('clientIp');
    const now = new Date();
    const addressKey = resetAddressKey(email);
    const ipKey = ip ? resetIpKey(ip) : null;

    // Round trip 1: the account and the address and IP counters.
    const [accounts, counters] = await db.batch([loginAccountQuery(db, email), rateCountersQuery(db, [addressKey, ...(ipKey ? [ipKey] : [])])]);
    const counter = (key: string | null) => counters.find((r) => r.key === key);
    const wait = Math.max(
      retryAfterSeconds(counter(addressKey), RESET_LIMITS.address, now.getTime()),
      retryAfterSeconds(counter(ipKey), RESET_LIMITS.ip, now.getTime()),
    );
    if (wait > 0) throw tooMany(wait);

    const user = accounts[0]?.user;
    const token = newResetToken();
    // Sealed whether or not it is sent, so both answers cost the same work.
    const mail = await sealedMailRow(
      c.env,
      { type: 'password_reset', dedupeKey: `reset:${newId('rst')}`, to: email, userId: user?.id ?? null, content: passwordResetMail(c.env.PORTAL_URL, token) },
      now,
    );
    const counts = [countFailure(db, addressKey, RESET_LIMITS.address, now), ...(ipKey ? [countFailure(db, ipKey, RESET_LIMITS.ip, now)] : [])];
    if (!user || user.status !== 'active' || !user.passwordHash) {
      await db.batch(counts as [(typeof counts)[number], ...typeof counts]);
      return c.json(ACCEPTED, 202);
    }

    // Round trip 2: counters, and — while the account's own counter allows — the link and its mail.
    const accountKey = resetAccountKey(user.id);
    const reset = { id: newId('rst'), userId: user.id, tokenHash: await sha256Hex(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_TTL_MS), usedAt: null };
    // The account's counter is checked inside the batch: the link, its mail and the audit entry chain on it.
    await db.batch([
      ...counts,
      ...insertResetAndMailWhere(db, reset, mail, resetCounterAllows(accountKey, RESET_LIMITS.account, now)),
      auditInsertIfPreviousChanged(c, { action: 'user.password_reset_requested', objectType: 'user', objectId: user.id, partnerId: user.partnerId, actor: null, at: now }),
      countFailure(db, accountKey, RESET_LIMITS.account, now),
    ] as unknown as Parameters<typeof db.batch>[0]);
    afterMailCommit(c, [{ mailId: mail.id }]);
    return c.json(ACCEPTED, 202);
  })
  .openapi(confirmRoute, async (c) => {
    const db = c.get('db');
    const { token, password } = c.req.valid('json');
    const ip = c.get('clientIp');
    const now = new Date();
    const ipKey = ip ? resetConfirmIpKey(ip) : null;
    const [rows, counters] = await db.batch([passwordResetQuery(db, await sha256Hex(token)), rateCountersQuery(db, ipKey ? [ipKey] : ['-'])]);
    const wait = retryAfterSeconds(counters.find((r) => r.key === ipKey), RESET_LIMITS.confirmIp, now.getTime());
    if (wait > 0) throw tooMany(wait);
    const row = rows[0];
    if (!row || !resetUsable(row.reset, row.user.status, now.getTime())) {
      if (ipKey) await db.batch([countFailure(db, ipKey, RESET_LIMITS.confirmIp, now)]);
      throw invalidLink();
    }
    const { reset, user } = row;
    const passwordHash = await hashPassword(password);
    // Every statement after the first runs only if this request used the link: two confirms racing have one winner.
    const nonce = newId('rst');
    const won = resetConsumedBy(reset.id, nonce);
    const [consumed] = await db.batch([
      consumePasswordReset(db, reset.id, now, nonce),
      ...resetPasswordStatements(db, user.id, passwordHash, now, won),
      auditInsertWhere(c, { action: 'user.password_reset', objectType: 'user', objectId: user.id, partnerId: user.partnerId, actor: null, at: now }, won),
      clearCounter(db, loginAccountKey(user.email)),
    ]);
    if (consumed.length === 0) throw invalidLink();
    return c.body(null, 204);
  });
