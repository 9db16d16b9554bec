import { z } from '@hono/zod-openapi';
import { LIFECYCLE_STAGES, PARTNER_TYPES } from '../../../db/schema/partners.ts';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';

export const PartnerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(PARTNER_TYPES),
    tierId: z.string().nullable(),
    tierName: z.string().nullable(),
    stage: z.enum(LIFECYCLE_STAGES),
    region: z.string(),
    ownerId: z.string().nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Partner');

export const PartnerPageSchema = pageOf(PartnerSchema, 'PartnerPage');

export const PartnerListQuerySchema = PageQuerySchema.extend({
  stage: z.enum(LIFECYCLE_STAGES).optional(),
  type: z.enum(PARTNER_TYPES).optional(),
  tierId: z.string().max(64).optional(),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Matches the start of the name' }),
});

const name = z.string().trim().min(2).max(120);
const region = z.string().trim().min(2).max(40);

export const PartnerCreateSchema = z
  .object({
    name,
    type: z.enum(PARTNER_TYPES),
    tierId: z.string().max(64).nullable().optional(),
    stage: z.enum(LIFECYCLE_STAGES).default('prospect'),
    region,
    ownerId: z.string().max(64).nullable().optional(),
  })
  .strict()
  .openapi('PartnerCreate');

export const PartnerPatchSchema = z
  .object({
    name: name.optional(),
    type: z.enum(PARTNER_TYPES).optional(),
    tierId: z.string().max(64).nullable().optional(),
    stage: z.enum(LIFECYCLE_STAGES).optional(),
    region: region.optional(),
    ownerId: z.string().max(64).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change', path: ['name'] })
  .openapi('PartnerPatch');

// The tiers moved to their own resource (worker/resources/tiers/); kept importable from here.
export { TierListSchema, TierSchema } from '../tiers/schemas.ts';
