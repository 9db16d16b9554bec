import { z } from 'zod';

export const ProductSchema = z
  .object({ id: z.string(), name: z.string(), sku: z.string(), active: z.boolean(), createdAt: z.iso.datetime() })
  .meta({ id: 'Product' });

export const ProductInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Required').max(200),
    sku: z.string().trim().min(1, 'Required').max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Letters, digits, dot, dash, underscore'),
    active: z.boolean().default(true),
  })
  .meta({ id: 'ProductInput' });

export const ProductPatchSchema = z
  .strictObject({
    name: ProductInputSchema.shape.name.optional(),
    sku: ProductInputSchema.shape.sku.optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'Change at least one field' })
  .meta({ id: 'ProductPatch' });

export const ProductListSchema = z.object({ items: z.array(ProductSchema) }).meta({ id: 'ProductList' });
