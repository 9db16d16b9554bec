import { meQuery, revokeOtherSessions } from '../../../db/queries/auth.ts';
import { updateUser } from '../../../db/queries/users.ts';
import { auditInsert } from '../../lib/audit.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { userActor } from '../../middleware/auth.ts';
import { userView } from '../users/schemas.ts';
import { ProfilePatchSchema, RevokedSessionsSchema } from './account-schemas.ts';
import { MeSchema } from './schemas.ts';

const patchMeRoute = defineRoute(
  { permission: 'account:manage' },
  {
    method: 'patch',
    path: '/me',
    tags: ['Auth'],
    summary: 'Change your own name',
    request: { body: { required: true, content: json(ProfilePatchSchema) } },
    responses: { 200: { description: 'You, after the change', content: json(MeSchema) }, ...errorResponses },
  },
);

const revokeOthersRoute = defineRoute(
  { permission: 'account:manage' },
  {
    method: 'post',
    path: '/me/sessions/revoke-others',
    tags: ['Auth'],
    summary: 'Sign out of every other session (other browsers and devices); this one stays signed in',
    responses: { 200: { description: 'How many sessions ended', content: json(RevokedSessionsSchema) }, ...errorResponses },
  },
);

export const accountRoutes = createRouter()
  .openapi(patchMeRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { name } = c.req.valid('json');
    const now = new Date();
    const [, [row]] = await db.batch([
      updateUser(db, actor.userId, { name, updatedAt: now }),
      meQuery(db, actor.userId),
      auditInsert(c, { action: 'user.renamed', objectType: 'user', objectId: actor.userId, partnerId: actor.partnerId, details: { name }, at: now }),
    ]);
    if (!row) throw new ProblemError(401, { type: problemType('session-expired'), detail: 'Sign in again.' });
    return c.json({ kind: 'user' as const, user: userView(row.user), role: row.user.role, partner: row.partner, token: null }, 200);
  })
  .openapi(revokeOthersRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const now = new Date();
    const [revoked] = await db.batch([
      revokeOtherSessions(db, actor.userId, actor.sessionId, now),
      auditInsert(c, { action: 'user.sessions_revoked', objectType: 'user', objectId: actor.userId, partnerId: actor.partnerId, at: now }),
    ]);
    return c.json({ revoked: revoked.length }, 200);
  });
