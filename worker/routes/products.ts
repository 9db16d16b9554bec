import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { auditLog, products } from '../../db/schema/index.ts';
import { productListQuery } from '../../db/queries/products.ts';
import { insertIfPreviousChanged } from '../../db/queries/deal-transitions.ts';
import { eq } from 'drizzle-orm';
import { isStaffActor } from '../../db/queries/deals.ts';
import { access } from '../lib/access.ts';
import { newId } from '../lib/ids.ts';
import { ProblemError, problemType } from '../lib/problem.ts';
import { createRouter } from '../lib/router.ts';
import { requirePermission } from '../middleware/auth.ts';
import { errorResponses, IdParam, problemContent } from '../schemas/common.ts';
import { ProductInputSchema, ProductListSchema, ProductPatchSchema, ProductSchema } from '../schemas/products.ts';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const view = (p: typeof products.$inferSelect) => ({ ...p, createdAt: p.createdAt.toISOString() });
const skuTaken = (sku: string) =>
  new ProblemError(409, {
    type: problemType('duplicate'),
    detail: `Another product already has SKU ${sku}.`,
    errors: [{ field: 'sku', message: 'Already used by another product', code: 'duplicate' }],
  });
const isUniqueViolation = (err: unknown) => /UNIQUE constraint failed/i.test(String((err as Error)?.message) + String((err as { cause?: unknown })?.cause));

const listRoute = createRoute({
  method: 'get',
  path: '/products',
  tags: ['Products'],
  summary: 'The product catalog (partners: active products; staff: all)',
  ...access('deals:read', null),
  middleware: [requirePermission('deals:read')] as const,
  responses: { 200: { description: 'Products', content: json(ProductListSchema) }, ...errorResponses },
});

const createProductRoute = createRoute({
  method: 'post',
  path: '/products',
  tags: ['Products'],
  summary: 'Add a product',
  ...access('products:manage', null),
  middleware: [requirePermission('products:manage')] as const,
  request: { body: { required: true, content: json(ProductInputSchema) } },
  responses: {
    201: { description: 'Created', content: json(ProductSchema) },
    ...errorResponses,
    409: { description: 'SKU already used', content: problemContent },
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/products/{id}',
  tags: ['Products'],
  summary: 'Rename, re-SKU or retire a product',
  ...access('products:manage', null),
  middleware: [requirePermission('products:manage')] as const,
  request: { params: IdParam, body: { required: true, content: json(ProductPatchSchema) } },
  responses: {
    200: { description: 'Updated', content: json(ProductSchema) },
    ...errorResponses,
    409: { description: 'SKU already used', content: problemContent },
  },
});

const actorRef = (c: { var: { actor: import('../domain/actor.ts').Actor | null; clientIp: string | null } }) => {
  const a = c.var.actor!;
  return { actorType: a.kind, actorId: a.kind === 'user' ? a.userId : a.tokenId, ip: c.var.clientIp };
};

export const productRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.var.db;
    const [rows] = await db.batch([productListQuery(db, isStaffActor(c.var.actor!))]);
    return c.json({ items: rows.map(view) }, 200);
  })
  .openapi(createProductRoute, async (c) => {
    const db = c.var.db;
    const body = c.req.valid('json');
    const row = { id: newId('prd'), ...body, createdAt: new Date() };
    try {
      await db.batch([
        db.insert(products).values(row),
        db.insert(auditLog).values({ id: newId('aud'), at: row.createdAt, ...actorRef(c), action: 'product.created', objectType: 'product', objectId: row.id, details: body }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw skuTaken(body.sku);
      throw err;
    }
    c.header('location', `/api/v1/products/${row.id}`);
    return c.json(view(row), 201);
  })
  .openapi(patchRoute, async (c) => {
    const db = c.var.db;
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    let updated: (typeof products.$inferSelect)[];
    try {
      [updated] = await db.batch([
        db.update(products).set(patch).where(eq(products.id, id)).returning(),
        // The audit row is written only when the product existed and changed.
        insertIfPreviousChanged(db, auditLog, { id: newId('aud'), at: new Date(), ...actorRef(c), action: 'product.updated', objectType: 'product', objectId: id, details: patch }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw skuTaken(patch.sku ?? '');
      throw err;
    }
    const row = updated[0];
    if (!row) throw new ProblemError(404, { type: problemType('not-found'), detail: 'No product with that id.' });
    return c.json(view(row), 200);
  });
