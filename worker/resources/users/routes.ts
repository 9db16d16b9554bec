import { revokeUserSessions } from '../../../db/queries/auth.ts';
import { activeAdminsBesideQuery, updateUser, userPageQuery, userQuery } from '../../../db/queries/users.ts';
import { refuseUserChange } from '../../domain/team.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { auditInsert } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { userActor } from '../../middleware/auth.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import { UserListQuerySchema, UserPageSchema, UserPatchSchema, UserSchema, userView } from './schemas.ts';


const listRoute = defineRoute({ permission: 'users:read' }, {
  method: 'get',
  path: '/users',
  tags: ['Users'],
  summary: 'All users (staff), filterable by partner, role, status and name/email prefix',
  request: { query: UserListQuerySchema },
  responses: { 200: { description: 'A page of users', content: json(UserPageSchema) }, ...errorResponses },
});

const patchRoute = defineRoute({ permission: 'users:manage', tenant: 'user' }, {
  method: 'patch',
  path: '/users/{id}',
  tags: ['Users'],
  summary: "Change a user's role or status; deactivating signs them out everywhere",
  request: { params: IdParam, body: { required: true, content: json(UserPatchSchema) } },
  responses: {
    200: { description: 'Updated', content: json(UserSchema) },
    ...errorResponses,
    409: { description: 'Would leave the company without an active admin', content: problemContent },
  },
});

export const userRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const { cursor, limit, ...filter } = c.req.valid('query');
    const [rows] = await db.batch([userPageQuery(db, filter, decodeCursor(cursor), limit)]);
    const page = pageFrom(rows, limit, (u) => ({ at: u.createdAt.getTime(), id: u.id }));
    return c.json({ items: page.items.map(userView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(patchRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    // Partner admins see only their own company: anyone else's id is simply not found.
    const scope = isStaffRole(actor.role) ? undefined : (actor.partnerId ?? '');
    const [[target], [admins]] = await db.batch([userQuery(db, id, scope), activeAdminsBesideQuery(db, id)]);
    if (!target) throw notFound('No user with this id.');
    const refusal = refuseUserChange(actor, target, change, admins?.n ?? 0);
    if (refusal) {
      throw new ProblemError(refusal.status, {
        type: problemType(refusal.status === 403 ? 'forbidden' : refusal.status === 409 ? 'last-admin' : 'validation'),
        detail: refusal.detail,
        errors: refusal.field ? [{ field: refusal.field, message: refusal.detail }] : undefined,
      });
    }
    const now = new Date();
    const next = { ...target, ...change };
    // A deactivated user, or one whose role changed, starts over with a new sign-in.
    const signsOut = (change.status === 'deactivated' && target.status === 'active') || (change.role !== undefined && change.role !== target.role);
    await db.batch([
      updateUser(db, id, { ...change, updatedAt: now }),
      ...(signsOut ? [revokeUserSessions(db, id, now)] : []),
      auditInsert(c, {
        action: change.status === 'deactivated' ? 'user.deactivated' : change.status === 'active' && target.status !== 'active' ? 'user.reactivated' : 'user.updated',
        objectType: 'user',
        objectId: id,
        partnerId: target.partnerId,
        details: { from: { role: target.role, status: target.status }, to: { role: next.role, status: next.status } },
        at: now,
      }),
    ]);
    return c.json(userView(next), 200);
  });
