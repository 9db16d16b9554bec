import { meQuery } from '../../../db/queries/auth.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { MeSchema } from './schemas.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { userView } from '../users/schemas.ts';
import type { TokenScope } from '../../domain/permissions.ts';

const meRoute = defineRoute({ permission: null }, {
  method: 'get',
  path: '/me',
  tags: ['Auth'],
  summary: 'Who you are: user, role and partner company — or, for an integration token, its id and scopes',
  // Any signed-in user or token; anonymous callers get 401.
  responses: { 200: { description: 'The caller', content: json(MeSchema) }, 401: errorResponses[401] },
});

export const meRoutes = createRouter().openapi(meRoute, async (c) => {
  const actor = c.get('actor');
  if (!actor) {
    throw new ProblemError(401, { type: problemType('unauthenticated'), detail: 'Sign in, or send an integration token.' }, { 'www-authenticate': 'Bearer' });
  }
  if (actor.kind === 'token') {
    // Verified by the session middleware before the response leaves (one round trip).
    return c.json({ kind: 'token' as const, user: null, role: null, partner: null, token: { id: actor.tokenId, scopes: actor.scopes as TokenScope[] } }, 200);
  }
  const db = c.get('db');
  const [[row]] = await db.batch([meQuery(db, actor.userId)]);
  if (!row) throw new ProblemError(401, { type: problemType('session-expired'), detail: 'Sign in again.' });
  return c.json({ kind: 'user' as const, user: userView(row.user), role: row.user.role, partner: row.partner, token: null }, 200);
});
