import { z } from 'zod';
import { COUNTRY_CODES } from '../../../db/schema/country-codes.ts';
import { CONFLICT_REASONS, DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';
import { registrableDomain } from '../../domain/customer-match.ts';
import { isCurrency, toMinor } from '../../domain/money.ts';
import { CURSOR_MAX_LENGTH } from '../../lib/page-limits.ts';
import { plural } from '../../lib/plural.ts';

/**
 * Deal registration schemas: the single source for the API's validation, its OpenAPI
 * document and the portal's registration form. Browser-safe on purpose: plain `zod` (with
 * `.meta()` for OpenAPI), no worker-only imports.
 */

const COUNTRIES = COUNTRY_CODES;

/** The earliest acceptable close date: today in the time zone furthest behind UTC (UTC−12). */
export function earliestCloseDate(now = Date.now()): string {
  return new Date(now - 12 * 3_600_000).toISOString().slice(0, 10);
}

const text = (max: number) => z.string().trim().min(1, 'Required').max(max);

export const CustomerDomain = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(253)
  .refine((d) => registrableDomain(d) !== null, { message: "Enter the customer's web domain, e.g. acme.com" })
  .meta({ example: 'acme.co.uk', description: 'Domain, URL or email address of the customer; matched on its registrable domain' });

export const Country = z
  .string()
  .refine((c) => COUNTRIES.has(c), { message: 'Use an ISO 3166-1 alpha-2 country code, e.g. DE' })
  .meta({ example: 'DE', description: 'ISO 3166-1 alpha-2' });

export const Currency = z
  .string()
  .refine((c) => /^[A-Z]{3}$/.test(c) && isCurrency(c), { message: 'Use an ISO 4217 currency code, e.g. EUR' })
  .meta({ example: 'EUR', description: 'ISO 4217' });

export const EstimatedValue = z
  .number()
  .positive()
  .meta({ example: 125000.5, description: "Major units of the currency, with at most the currency's decimals" });

export const CloseDate = z.iso
  .date()
  .refine((d) => d >= earliestCloseDate(), { message: 'The expected close date cannot be in the past' })
  .meta({ example: '2026-12-31' });

export const ProductIds = z
  .array(z.string().min(1).max(64))
  .min(1, 'Pick at least one product')
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'Each product only once' })
  .meta({ description: 'Product ids from GET /api/v1/products' });

const dealFields = {
  customerName: text(200).meta({ example: 'Acme Retail Ltd' }),
  customerDomain: CustomerDomain,
  contactName: text(200),
  contactEmail: z.email().max(254),
  contactTitle: z.string().trim().max(200).optional(),
  country: Country,
  products: ProductIds,
  estimatedValue: EstimatedValue,
  currency: Currency,
  expectedCloseDate: CloseDate,
  notes: z.string().trim().max(5000).optional(),
};

/** Flags a value with more decimals than its currency allows (12.345 USD, 1.5 JPY). */
function valueFitsCurrency(body: { estimatedValue?: number; currency?: string }, ctx: z.RefinementCtx) {
  if (body.estimatedValue === undefined || !body.currency || !isCurrency(body.currency)) return;
  const minor = toMinor(body.estimatedValue, body.currency);
  if (minor.ok) return;
  ctx.addIssue({
    code: 'custom',
    path: ['estimatedValue'],
    message:
      minor.reason === 'too_many_decimals'
        ? `${body.currency} amounts have at most ${plural(minor.digits, 'decimal place')}`
        : 'The amount is too large',
  });
}

export const DealInputSchema = z.strictObject(dealFields).superRefine(valueFitsCurrency).meta({ id: 'DealInput' });
export type DealInput = z.infer<typeof DealInputSchema>;

/** Answer to an information request: any fields to change plus a message to the manager. */
export const ResubmitSchema = z
  .strictObject({ ...z.object(dealFields).partial().shape, message: text(5000) })
  .superRefine(valueFitsCurrency)
  .meta({ id: 'DealResubmission' });
export type ResubmitInput = z.infer<typeof ResubmitSchema>;

export const WithdrawSchema = z.strictObject({ reason: z.string().trim().max(2000).optional() }).meta({ id: 'DealWithdrawal' });
export const ExtensionRequestSchema = z.strictObject({ reason: text(2000) }).meta({ id: 'DealExtensionRequest' });

export const DEAL_SORTS = ['newest', 'oldest', 'value', 'closeDate'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export const DealListQuerySchema = z.object({
  status: z.enum(DEAL_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Customer name or domain contains' }),
  sort: z.enum(DEAL_SORTS).default('newest'),
  cursor: z.string().max(CURSOR_MAX_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  partnerId: z.string().min(1).max(64).optional().meta({ description: 'Staff only' }),
  conflict: z.enum(['true', 'false']).optional().meta({ description: 'Staff only' }),
  extensionRequested: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true: approved deals with an open extension request; false: deals without one' }),
  region: z.string().trim().min(1).max(64).optional().meta({ description: 'Staff only: partner region, any case (`emea` = `EMEA`)' }),
  updatedSince: z.iso.datetime({ offset: true }).optional().meta({ description: 'Staff/CRM incremental sync (ISO 8601)' }),
});
export type DealListQuery = z.infer<typeof DealListQuerySchema>;

export const PrecheckQuerySchema = z
  .object({
    domain: CustomerDomain.optional(),
    company: text(200).optional(),
  })
  .refine((q) => q.domain !== undefined || q.company !== undefined, { message: 'Give a domain, a company name or both', path: ['domain'] });

export const PrecheckSchema = z
  .object({
    result: z.enum(['clear', 'protected', 'existing_customer', 'own_registration']),
    protectedUntil: z.iso.date().optional().meta({ description: 'protected: the last day an approved registration protects the customer (a date, no time)' }),
    dealId: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "own_registration: your company's registration, when you may open it (reps: their own; partner admins: the company's); else null" }),
  })
  .meta({ id: 'DealPrecheck' });

const Iso = z.iso.datetime();

export const DealProductSchema = z.object({ id: z.string(), name: z.string(), sku: z.string() });

export const DealSchema = z
  .object({
    id: z.string(),
    status: z.enum(DEAL_STATUSES),
    partnerId: z.string(),
    createdBy: z.string().nullable(),
    customerName: z.string(),
    customerDomain: z.string(),
    registrableDomain: z.string(),
    contactName: z.string(),
    contactEmail: z.string(),
    contactTitle: z.string().nullable(),
    country: z.string(),
    products: z.array(DealProductSchema),
    estimatedValue: z.number(),
    currency: z.string(),
    expectedCloseDate: z.string(),
    notes: z.string().nullable(),
    conflict: z.boolean(),
    submittedAt: Iso,
    approvedAt: Iso.nullable(),
    expiresAt: Iso.nullable(),
    extensionRequestedAt: Iso.nullable(),
    extensionReason: z.string().nullable(),
    decisionReason: z.string().nullable(),
    rejectionCode: z.string().nullable(),
    wonAmount: z.number().nullable(),
    closeDate: z.string().nullable(),
    lostReason: z.string().nullable(),
    crmId: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .meta({ id: 'Deal' });
export type DealView = z.infer<typeof DealSchema>;

export const DealConflictSchema = z
  .object({
    dealId: z.string().nullable(),
    customerId: z.string().nullable(),
    partnerId: z.string().nullable(),
    partnerName: z.string().nullable(),
    reason: z.enum(CONFLICT_REASONS),
    score: z.number().nullable(),
    customerName: z.string(),
    status: z.enum(DEAL_STATUSES).nullable(),
    submittedAt: Iso.nullable(),
    /** End of the other registration's protection (approved deals). */
    expiresAt: Iso.nullable(),
    estimatedValue: z.number().nullable(),
    currency: z.string().nullable(),
  })
  .meta({ id: 'DealConflict' });

export const DealEventSchema = z
  .object({
    id: z.string(),
    at: Iso,
    type: z.string(),
    actorType: z.enum(['user', 'token', 'system']),
    actorName: z.string().nullable(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    reason: z.string().nullable(),
    expiresAt: Iso.nullable().meta({ description: 'deal.extended: the new end of protection' }),
  })
  .meta({ id: 'DealEvent' });

export const DealDetailSchema = DealSchema.extend({
  timeline: z.array(DealEventSchema),
  extensionPreviewExpiresAt: Iso.nullable().meta({
    description: "With an open extension request: the expiry approving it sets by default (current expiry, or now if later, plus the tier's protection days); else null",
  }),
  /** Staff only; partners get `conflict` alone. */
  conflicts: z.array(DealConflictSchema).optional(),
}).meta({ id: 'DealDetail' });

export const DealPageSchema = z.object({ items: z.array(DealSchema), nextCursor: z.string().nullable() }).meta({ id: 'DealPage' });
