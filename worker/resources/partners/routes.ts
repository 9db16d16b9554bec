import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  insertPartner,
  partnerByNameQuery,
  partnerPageQuery,
  partnerQuery,
  staffUsersQuery,
  tierQuery,
  updatePartner,
} from '../../../db/queries/partners.ts';
import type { partners } from '../../../db/schema/index.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { auditInsert } from '../../lib/audit.ts';
import { emitEvent } from '../../events/emit.ts';
import { stageChangeStatements } from './stage.ts';
import { insertStageHistory } from '../../../db/queries/onboarding.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { newId } from '../../lib/ids.ts';
import { notFound, ProblemError, problemType, type FieldError } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import type { AppEnv } from '../../lib/types.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import {
  PartnerCreateSchema,
  PartnerListQuerySchema,
  PartnerPageSchema,
  PartnerPatchSchema,
  PartnerSchema,
} from './schemas.ts';


type PartnerRow = typeof partners.$inferSelect & { tierName: string | null };
const view = (p: PartnerRow): z.infer<typeof PartnerSchema> => ({
  id: p.id,
  name: p.name,
  type: p.type,
  tierId: p.tierId,
  tierName: p.tierName,
  stage: p.stage,
  region: p.region,
  ownerId: p.ownerId,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const nameTaken = () =>
  new ProblemError(409, {
    type: problemType('duplicate'),
    detail: 'Another partner company already has this name.',
    errors: [{ field: 'name', message: 'Already used by another partner', code: 'duplicate' }],
  });

const listRoute = defineRoute({ permission: 'partners:read' }, {
  method: 'get',
  path: '/partners',
  tags: ['Partners'],
  summary: 'Partner companies, newest first',
  request: { query: PartnerListQuerySchema },
  responses: { 200: { description: 'A page of partners', content: json(PartnerPageSchema) }, ...errorResponses },
});

const createPartnerRoute = defineRoute({ permission: 'partners:manage' }, {
  method: 'post',
  path: '/partners',
  tags: ['Partners'],
  summary: 'Add a partner company',
  request: { body: { required: true, content: json(PartnerCreateSchema) } },
  responses: {
    201: { description: 'Created', content: json(PartnerSchema) },
    ...errorResponses,
    409: { description: 'Name already used', content: problemContent },
  },
});

const getRoute = defineRoute({ permission: 'partners:view', tenant: 'partner' }, {
  method: 'get',
  path: '/partners/{id}',
  tags: ['Partners'],
  summary: 'One partner company (partner users: only their own)',
  request: { params: IdParam },
  responses: { 200: { description: 'The partner', content: json(PartnerSchema) }, ...errorResponses },
});

const patchRoute = defineRoute({ permission: 'partners:manage', tenant: 'partner' }, {
  method: 'patch',
  path: '/partners/{id}',
  tags: ['Partners'],
  summary: 'Edit a partner company (name, type, tier, stage, region, owner)',
  request: { params: IdParam, body: { required: true, content: json(PartnerPatchSchema) } },
  responses: {
    200: { description: 'Updated', content: json(PartnerSchema) },
    ...errorResponses,
    409: { description: 'Name already used', content: problemContent },
  },
});

/**
 * Round trip 1 for a create/edit: the references it names (tier, owner) and whether the name
 * is taken, so every bad field is reported together.
 */
async function checkReferences(
  c: Context<AppEnv>,
  input: { tierId?: string | null; ownerId?: string | null; name?: string },
  extra: ReturnType<typeof partnerQuery>[] = [],
) {
  const db = c.get('db');
  const [tier, owner, named, ...rest] = await db.batch([
    tierQuery(db, input.tierId ?? ''),
    staffUsersQuery(db, input.ownerId ? [input.ownerId] : []),
    partnerByNameQuery(db, input.name ?? ''),
    ...extra,
  ]);
  const errors: FieldError[] = [];
  if (input.tierId && tier.length === 0) errors.push({ field: 'tierId', message: 'No tier with this id', code: 'unknown_reference' });
  if (input.ownerId && owner.length === 0) errors.push({ field: 'ownerId', message: 'Not an active manager or admin', code: 'unknown_reference' });
  return { errors, tierName: tier[0]?.name ?? null, namedId: named[0]?.id ?? null, rest: rest as PartnerRow[][] };
}

const invalid = (errors: FieldError[]) =>
  new ProblemError(422, { type: problemType('validation'), detail: 'Some fields name things that do not exist.', errors });

export const partnerRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const { cursor, limit, ...filter } = c.req.valid('query');
    const [rows] = await db.batch([partnerPageQuery(db, filter, decodeCursor(cursor), limit)]);
    const page = pageFrom(rows, limit, (p) => ({ at: p.createdAt.getTime(), id: p.id }));
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createPartnerRoute, async (c) => {
    const db = c.get('db');
    const body = c.req.valid('json');
    const refs = await checkReferences(c, body);
    if (refs.namedId) throw nameTaken();
    if (refs.errors.length) throw invalid(refs.errors);
    const now = new Date();
    const actor = c.get('actor');
    const row = { id: newId('prt'), ...body, tierId: body.tierId ?? null, ownerId: body.ownerId ?? null, createdAt: now, updatedAt: now };
    try {
      await db.batch([
        insertPartner(db, row),
        auditInsert(c, { action: 'partner.created', objectType: 'partner', objectId: row.id, partnerId: row.id, details: body, at: now }),
        emitEvent(c, { type: 'partner.created', at: now, partnerId: row.id, subjectType: 'partner', subjectId: row.id, data: { partner: view({ ...row, tierName: refs.tierName }) } }),
        // The stage history starts with the stage it was created in.
        insertStageHistory(db, { id: newId('stg'), partnerId: row.id, fromStage: null, toStage: row.stage, at: now, actorType: 'user', actorId: actor?.kind === 'user' ? actor.userId : null, reason: null }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
    return c.json(view({ ...row, tierName: refs.tierName }), 201);
  })
  .openapi(getRoute, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor')!;
    const own = actor.kind === 'user' && !isStaffRole(actor.role) ? actor.partnerId : undefined;
    const [[row]] = await db.batch([partnerQuery(db, c.req.valid('param').id, own)]);
    if (!row) throw notFound('No partner company with this id.');
    return c.json(view(row), 200);
  })
  .openapi(patchRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const refs = await checkReferences(c, patch, [partnerQuery(db, id)]);
    const current = refs.rest[0]?.[0];
    if (!current) throw notFound('No partner company with this id.');
    if (refs.namedId && refs.namedId !== id) throw nameTaken();
    if (refs.errors.length) throw invalid(refs.errors);
    const now = new Date();
    const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => current[k as keyof PartnerRow] !== v));
    const next: PartnerRow = { ...current, ...patch, updatedAt: now, tierName: patch.tierId === undefined ? current.tierName : refs.tierName };
    try {
      await db.batch([
        updatePartner(db, id, { ...patch, updatedAt: now }),
        auditInsert(c, { action: 'partner.updated', objectType: 'partner', objectId: id, partnerId: id, details: { changed }, at: now }),
        emitEvent(c, { type: 'partner.updated', at: now, partnerId: id, subjectType: 'partner', subjectId: id, data: { changed, partner: view(next) } }),
        // A stage change through the edit form is recorded like POST /partners/{id}/stage.
        ...(changed.stage !== undefined ? stageChangeStatements(c, { id, name: next.name }, current.stage, next.stage, now) : []),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
    return c.json(view(next), 200);
  });
