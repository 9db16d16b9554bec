import { z } from '@hono/zod-openapi';
import { TIER_PROPOSAL_STATUSES } from '../../../db/schema/certification-enums.ts';
import { isCurrency } from '../../domain/money.ts';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';

const ProgramRequirementSchema = z.object({ programId: z.string(), programName: z.string(), people: z.number().int() });

export const TierSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    rank: z.number().int(),
    protectionDays: z.number().int(),
    requiredCertifiedPeople: z.number().int(),
    requiredRevenueMinor: z.number().int(),
    requiredRevenue: z.number(),
    requiredRevenueCurrency: z.string(),
    requiredWonDeals: z.number().int(),
    programRequirements: z.array(ProgramRequirementSchema),
  })
  .openapi('Tier');

export const TierListSchema = z.object({ items: z.array(TierSchema) }).openapi('TierList');

const tierFields = {
  name: z.string().trim().min(2).max(60),
  protectionDays: z.number().int().min(1).max(730),
  requiredCertifiedPeople: z.number().int().min(0).max(10_000),
  requiredRevenue: z.number().min(0).max(1e12),
  requiredRevenueCurrency: z.string().trim().toUpperCase().refine(isCurrency, 'An ISO 4217 currency code'),
  requiredWonDeals: z.number().int().min(0).max(10_000),
  programRequirements: z
    .array(z.object({ programId: z.string().min(1).max(64), people: z.number().int().min(1).max(10_000) }).strict())
    .max(20)
    .refine((rows) => new Set(rows.map((r) => r.programId)).size === rows.length, 'Each program once'),
};

export const TierInputSchema = z
  .object({
    name: tierFields.name,
    protectionDays: tierFields.protectionDays,
    requiredCertifiedPeople: tierFields.requiredCertifiedPeople.default(0),
    requiredRevenue: tierFields.requiredRevenue.default(0),
    requiredRevenueCurrency: tierFields.requiredRevenueCurrency.default('USD'),
    requiredWonDeals: tierFields.requiredWonDeals.default(0),
    programRequirements: tierFields.programRequirements.default([]),
  })
  .strict()
  .openapi('TierInput');

export const TierPatchSchema = z
  .object(Object.fromEntries(Object.entries(tierFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof tierFields]: z.ZodOptional<(typeof tierFields)[K]> })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change', path: ['name'] })
  .openapi('TierPatch');

export const TierReorderSchema = z
  .object({ ids: z.array(z.string().min(1).max(64)).min(1).max(50) })
  .strict()
  .openapi('TierReorder');

const TierRefSchema = z.object({ id: z.string(), name: z.string(), rank: z.number().int(), protectionDays: z.number().int() });

export const GapSchema = z
  .object({
    requirement: z.enum(['certifiedPeople', 'programCertified', 'wonRevenue', 'wonDeals']),
    programId: z.string().optional(),
    programName: z.string().optional(),
    currency: z.string().optional(),
    have: z.number(),
    need: z.number(),
    missing: z.number(),
  })
  .openapi('TierGap');

export const TierProposalSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    partnerName: z.string(),
    direction: z.enum(['upgrade', 'downgrade']),
    status: z.enum(TIER_PROPOSAL_STATUSES),
    from: z.object({ id: z.string(), name: z.string() }).nullable(),
    to: z.object({ id: z.string(), name: z.string() }).nullable(),
    facts: z.record(z.string(), z.unknown()),
    proposedAt: IsoDateTime,
    approvableFrom: IsoDateTime,
    decidedAt: IsoDateTime.nullable(),
    note: z.string().nullable(),
  })
  .openapi('TierProposal');

export const TierProposalPageSchema = pageOf(TierProposalSchema, 'TierProposalPage');
export const TierProposalQuerySchema = PageQuerySchema.extend({
  status: z.enum(TIER_PROPOSAL_STATUSES).default('open'),
  partnerId: z.string().max(64).optional(),
});
export const TierDecisionSchema = z.object({ note: z.string().trim().max(1000).optional() }).strict().openapi('TierProposalDecision');

export const TierStatusSchema = z
  .object({
    partnerId: z.string(),
    asOf: z.string().openapi({ format: 'date' }),
    tier: TierRefSchema.nullable(),
    qualifiesFor: TierRefSchema.nullable(),
    next: TierRefSchema.nullable(),
    facts: z.object({
      certifiedPeople: z.number().int(),
      certifiedByProgram: z.array(ProgramRequirementSchema),
      wonRevenue: z.object({
        perCurrency: z.array(z.object({ currency: z.string(), amount: z.number() })),
        counted: z
          .object({ currency: z.string(), amount: z.number() })
          .nullable()
          ,
      }),
      wonDeals: z.number().int(),
      window: z.object({ from: z.string(), to: z.string() }),
    }),
    requirements: z.array(GapSchema.extend({ met: z.boolean() })),
    gaps: z.array(GapSchema),
    proposal: TierProposalSchema.nullable(),
  })
  .openapi('TierStatus');
