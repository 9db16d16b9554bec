import { insertProduct, productListQuery, updateProduct } from '../../../db/queries/products.ts';
import type { products } from '../../../db/schema/index.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { auditInsert, auditInsertIfPreviousChanged } from '../../lib/audit.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { newId } from '../../lib/ids.ts';
import { notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import { ProductInputSchema, ProductListSchema, ProductPatchSchema, ProductSchema } from './schemas.ts';

const view = (p: typeof products.$inferSelect) => ({ ...p, createdAt: p.createdAt.toISOString() });
const skuTaken = (sku: string) =>
  new ProblemError(409, {
    type: problemType('duplicate'),
    detail: `Another product already has SKU ${sku}.`,
    errors: [{ field: 'sku', message: 'Already used by another product', code: 'duplicate' }],
  });
const conflict409 = { 409: { description: 'SKU already used', content: problemContent } };

const listRoute = defineRoute(
  { permission: 'deals:read' },
  {
    method: 'get',
    path: '/products',
    tags: ['Products'],
    summary: 'The product catalog (partners: active products; staff: all)',
    responses: { 200: { description: 'Products', content: json(ProductListSchema) }, ...errorResponses },
  },
);

const createProductRoute = defineRoute(
  { permission: 'products:manage' },
  {
    method: 'post',
    path: '/products',
    tags: ['Products'],
    summary: 'Add a product',
    request: { body: { required: true, content: json(ProductInputSchema) } },
    responses: { 201: { description: 'Created', content: json(ProductSchema) }, ...errorResponses, ...conflict409 },
  },
);

const patchRoute = defineRoute(
  { permission: 'products:manage' },
  {
    method: 'patch',
    path: '/products/{id}',
    tags: ['Products'],
    summary: 'Rename, re-SKU or retire a product',
    request: { params: IdParam, body: { required: true, content: json(ProductPatchSchema) } },
    responses: { 200: { description: 'Updated', content: json(ProductSchema) }, ...errorResponses, ...conflict409 },
  },
);

export const productRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor')!;
    const [rows] = await db.batch([productListQuery(db, actor.kind === 'token' || isStaffRole(actor.role))]);
    return c.json({ items: rows.map(view) }, 200);
  })
  .openapi(createProductRoute, async (c) => {
    const db = c.get('db');
    const body = c.req.valid('json');
    const row = { id: newId('prd'), ...body, createdAt: new Date() };
    try {
      await db.batch([
        insertProduct(db, row),
        auditInsert(c, { action: 'product.created', objectType: 'product', objectId: row.id, details: body, at: row.createdAt }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw skuTaken(body.sku);
      throw err;
    }
    c.header('location', `/api/v1/products/${row.id}`);
    return c.json(view(row), 201);
  })
  .openapi(patchRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    let updated: (typeof products.$inferSelect)[];
    try {
      [updated] = await db.batch([
        updateProduct(db, id, patch),
        // The audit row is written only when the product existed and changed.
        auditInsertIfPreviousChanged(c, { action: 'product.updated', objectType: 'product', objectId: id, details: patch }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw skuTaken(patch.sku ?? '');
      throw err;
    }
    const row = updated[0];
    if (!row) throw notFound('No product with that id.');
    return c.json(view(row), 200);
  });
