import { auditPageQuery } from '../../../db/queries/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { AuditPageSchema, AuditQuerySchema } from './schemas.ts';
import { errorResponses } from '../../lib/schemas.ts';

const auditRoute = defineRoute({ permission: 'audit:read' }, {
  method: 'get',
  path: '/audit',
  tags: ['Audit'],
  summary: 'The audit log, newest first: who did what to which object, when, from where',
  request: { query: AuditQuerySchema },
  responses: { 200: { description: 'A page of audit entries', content: json(AuditPageSchema) }, ...errorResponses },
});

export const auditRoutes = createRouter().openapi(auditRoute, async (c) => {
  const db = c.get('db');
  const { cursor, limit, ...filter } = c.req.valid('query');
  const [rows] = await db.batch([auditPageQuery(db, filter, decodeCursor(cursor), limit)]);
  const page = pageFrom(rows, limit, (e) => ({ at: e.at.getTime(), id: e.id }));
  return c.json(
    {
      items: page.items.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorType: e.actorType,
        actorId: e.actorId,
        actorName: e.actorName,
        action: e.action,
        objectType: e.objectType,
        objectId: e.objectId,
        partnerId: e.partnerId,
        ip: e.ip,
        details: e.details ?? null,
      })),
      nextCursor: page.nextCursor,
    },
    200,
  );
});
