import { markNotificationsRead, notificationPageQuery, settingsQuery, unreadCountQuery, upsertSettings, type NotificationRow } from '../../../db/queries/notifications.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { userActor } from '../../middleware/auth.ts';
import {
  MarkReadResultSchema,
  MarkReadSchema,
  NotificationListQuerySchema,
  NotificationPageSchema,
  NotificationPreferencesInputSchema,
  NotificationPreferencesSchema,
} from './schemas.ts';
import { DEFAULT_PREFERENCES, PARTNER_TYPES_LIST, STAFF_TYPES_LIST, TYPE_LABELS } from './triggers.ts';
import type { Role } from '../../../db/schema/users.ts';

const view = (n: NotificationRow) => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  link: n.link,
  subject: n.subjectType && n.subjectId ? { type: n.subjectType, id: n.subjectId } : null,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

const typesFor = (role: Role): readonly string[] => (isStaffRole(role) ? STAFF_TYPES_LIST : PARTNER_TYPES_LIST);

const listRoute = defineRoute(
  { permission: 'account:manage' },
  {
    method: 'get',
    path: '/notifications',
    tags: ['Notifications'],
    summary: 'Your notifications, newest first, with the unread count',
    request: { query: NotificationListQuerySchema },
    responses: { 200: { description: 'A page of notifications', content: json(NotificationPageSchema) }, ...errorResponses },
  },
);

const readRoute = defineRoute(
  { permission: 'account:manage' },
  {
    method: 'post',
    path: '/notifications/read',
    tags: ['Notifications'],
    summary: 'Mark some (`ids`) or all (`all: true`) of your notifications read',
    request: { body: { required: true, content: json(MarkReadSchema) } },
    responses: { 200: { description: 'Marked', content: json(MarkReadResultSchema) }, ...errorResponses },
  },
);

const getPrefsRoute = defineRoute(
  { permission: 'account:manage' },
  {
    method: 'get',
    path: '/me/notification-preferences',
    tags: ['Notifications'],
    summary: 'Your notification preferences (email per type; in-app is always on)',
    responses: { 200: { description: 'Preferences', content: json(NotificationPreferencesSchema) }, ...errorResponses },
  },
);

const putPrefsRoute = defineRoute(
  { permission: 'account:manage' },
  {
    method: 'put',
    path: '/me/notification-preferences',
    tags: ['Notifications'],
    summary: 'Change your notification preferences (fields left out keep their value)',
    request: { body: { required: true, content: json(NotificationPreferencesInputSchema) } },
    responses: { 200: { description: 'Preferences', content: json(NotificationPreferencesSchema) }, ...errorResponses },
  },
);

function preferencesView(role: Role, p: { emailOff: readonly string[]; teamDeals: boolean; dailyDigest: boolean }) {
  return {
    types: typesFor(role).map((type) => ({ type, label: TYPE_LABELS[type] ?? type, email: !p.emailOff.includes(type) })),
    teamDeals: role === 'partner_admin' ? p.teamDeals : false,
    dailyDigest: isStaffRole(role) ? p.dailyDigest : false,
  };
}

export const notificationRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { cursor, limit, unread } = c.req.valid('query');
    const [rows, [counted]] = await db.batch([notificationPageQuery(db, actor.userId, unread, decodeCursor(cursor), limit), unreadCountQuery(db, actor.userId)]);
    const page = pageFrom(rows, limit, (n) => ({ at: n.createdAt.getTime(), id: n.id }));
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor, unreadCount: counted?.n ?? 0 }, 200);
  })
  .openapi(readRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const body = c.req.valid('json');
    const [marked, [counted]] = await db.batch([
      markNotificationsRead(db, actor.userId, 'ids' in body ? body.ids : null, new Date()),
      unreadCountQuery(db, actor.userId),
    ]);
    return c.json({ marked: marked.length, unreadCount: counted?.n ?? 0 }, 200);
  })
  .openapi(getPrefsRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const [[row]] = await c.get('db').batch([settingsQuery(c.get('db'), actor.userId)]);
    return c.json(preferencesView(actor.role, row ?? DEFAULT_PREFERENCES), 200);
  })
  .openapi(putPrefsRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const input = c.req.valid('json');
    const allowed = typesFor(actor.role);
    const unknown = Object.keys(input.email ?? {}).filter((t) => !allowed.includes(t));
    if (unknown.length > 0) {
      throw new ProblemError(422, {
        type: problemType('validation'),
        detail: 'Unknown notification type for your role.',
        errors: unknown.map((t) => ({ field: `email.${t}`, message: 'Not a notification type you receive', code: 'unknown_type' })),
      });
    }
    const [[current]] = await db.batch([settingsQuery(db, actor.userId)]);
    const base = current ?? DEFAULT_PREFERENCES;
    const emailOff = new Set(base.emailOff);
    for (const [type, on] of Object.entries(input.email ?? {})) {
      if (on) emailOff.delete(type);
      else emailOff.add(type);
    }
    const next = {
      userId: actor.userId,
      emailOff: [...emailOff].sort(),
      teamDeals: input.teamDeals ?? base.teamDeals,
      dailyDigest: input.dailyDigest ?? base.dailyDigest,
      updatedAt: new Date(),
    };
    await db.batch([upsertSettings(db, next)]);
    return c.json(preferencesView(actor.role, next), 200);
  });
