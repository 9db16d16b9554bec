import { z } from 'zod';
import { registrableDomain } from '../../domain/customer-match.ts';
import { CURSOR_MAX_LENGTH } from '../../lib/page-limits.ts';

export const CustomerInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'Required').max(200),
  domain: z
    .string()
    .trim()
    .max(253)
    .refine((d) => registrableDomain(d) !== null, { message: "A web domain with a public suffix, e.g. acme.com" })
    .optional(),
  crmId: z.string().trim().min(1).max(100).optional(),
});
export type CustomerInput = z.infer<typeof CustomerInputSchema>;

export const CustomerUpsertSchema = z.array(CustomerInputSchema).min(1).max(1000).meta({ id: 'CustomerUpsert' });

export const CustomerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    registrableDomain: z.string().nullable(),
    crmId: z.string().nullable(),
    source: z.enum(['csv', 'crm', 'manual']),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Customer' });

export const CustomerUpsertResultSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'CustomerUpsertResult' });

export const CustomerListQuerySchema = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(CURSOR_MAX_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const ImportQuerySchema = z.object({ skipInvalid: z.enum(['true', 'false']).default('false') });
