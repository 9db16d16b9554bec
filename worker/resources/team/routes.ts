import { userPageQuery } from '../../../db/queries/users.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { userActor } from '../../middleware/auth.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { TeamQuerySchema, UserPageSchema, userView } from '../users/schemas.ts';

const teamRoute = defineRoute({ permission: 'team:manage' }, {
  method: 'get',
  path: '/team',
  tags: ['Users'],
  summary: 'Your colleagues in your partner company (partner admins)',
  request: { query: TeamQuerySchema },
  responses: { 200: { description: 'A page of colleagues', content: json(UserPageSchema) }, ...errorResponses },
});

export const teamRoutes = createRouter().openapi(teamRoute, async (c) => {
  const actor = userActor(c.get('actor'));
  const db = c.get('db');
  const { cursor, limit, status } = c.req.valid('query');
  // The tenant comes from the session, never from the request.
  const [rows] = await db.batch([userPageQuery(db, { partnerId: actor.partnerId ?? '', status }, decodeCursor(cursor), limit)]);
  const page = pageFrom(rows, limit, (u) => ({ at: u.createdAt.getTime(), id: u.id }));
  return c.json({ items: page.items.map(userView), nextCursor: page.nextCursor }, 200);
});
