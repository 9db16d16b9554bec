import { insertToken, revokeToken, tokenPageQuery, tokenQuery } from '../../../db/queries/tokens.ts';
import { newIntegrationToken } from '../../domain/tokens.ts';
import { auditInsert } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { newId } from '../../lib/ids.ts';
import { notFound } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { sha256Hex } from '../../lib/signing.ts';
import { userActor } from '../../middleware/auth.ts';
import { errorResponses, IdParam } from '../../lib/schemas.ts';
import { TokenCreatedSchema, TokenCreateSchema, TokenListQuerySchema, TokenPageSchema, TokenSchema, tokenView } from './schemas.ts';


const listRoute = defineRoute({ permission: 'tokens:manage' }, {
  method: 'get',
  path: '/tokens',
  tags: ['Integration tokens'],
  summary: 'Integration tokens, newest first (never their secrets)',
  request: { query: TokenListQuerySchema },
  responses: { 200: { description: 'A page of tokens', content: json(TokenPageSchema) }, ...errorResponses },
});

const createTokenRoute = defineRoute({ permission: 'tokens:manage' }, {
  method: 'post',
  path: '/tokens',
  tags: ['Integration tokens'],
  summary: 'Create a named, scoped token; the secret is in this response only',
  request: { body: { required: true, content: json(TokenCreateSchema) } },
  responses: { 201: { description: 'Created', content: json(TokenCreatedSchema) }, ...errorResponses },
});

const revokeRoute = defineRoute({ permission: 'tokens:manage' }, {
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['Integration tokens'],
  summary: 'Revoke a token (takes effect on its next request)',
  request: { params: IdParam },
  responses: { 200: { description: 'Revoked', content: json(TokenSchema) }, ...errorResponses },
});

export const tokenRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const { cursor, limit } = c.req.valid('query');
    const [rows] = await db.batch([tokenPageQuery(db, decodeCursor(cursor), limit)]);
    const page = pageFrom(rows, limit, (t) => ({ at: t.createdAt.getTime(), id: t.id }));
    return c.json({ items: page.items.map(tokenView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createTokenRoute, async (c) => {
    const actor = userActor(c.get('actor'));
    const db = c.get('db');
    const { name, scopes } = c.req.valid('json');
    const now = new Date();
    const id = newId('tok');
    const secret = newIntegrationToken(id, scopes);
    const row = { id, name, scopes, tokenHash: await sha256Hex(secret), createdBy: actor.userId, createdAt: now, lastUsedAt: null, revokedAt: null };
    await db.batch([
      insertToken(db, row),
      auditInsert(c, { action: 'token.created', objectType: 'token', objectId: id, details: { name, scopes }, at: now }),
    ]);
    return c.json({ token: tokenView(row), secret }, 201);
  })
  .openapi(revokeRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const now = new Date();
    // Revoking twice keeps the first revocation time and writes no second audit entry.
    const [[existing]] = await db.batch([tokenQuery(db, id)]);
    if (!existing) throw notFound('No integration token with this id.');
    if (existing.revokedAt) return c.json(tokenView(existing), 200);
    await db.batch([
      revokeToken(db, id, now),
      auditInsert(c, { action: 'token.revoked', objectType: 'token', objectId: id, details: { name: existing.name }, at: now }),
    ]);
    return c.json(tokenView({ ...existing, revokedAt: now }), 200);
  });
