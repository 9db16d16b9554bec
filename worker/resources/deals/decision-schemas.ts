import { z } from 'zod';
import { DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';
import { CURSOR_MAX_LENGTH } from '../../lib/page-limits.ts';

/** Why a registration was rejected: a fixed list so reports can group rejections. */
export const REJECTION_CODES = [
  'duplicate',
  'existing_customer',
  'channel_conflict',
  'insufficient_information',
  'not_qualified',
  'other',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

const Reason = z.string().trim().min(1).max(2000).meta({ description: 'Shown to the partner on the deal timeline' });
const RejectionCode = z.enum(REJECTION_CODES).meta({ description: 'Why the registration was rejected' });
const IsoDate = z.iso.date().meta({ example: '2026-12-15' });
const IsoDateTime = z.iso.datetime().meta({ example: '2026-11-26T12:00:00.000Z' });

export const ApproveBodySchema = z.strictObject({ reason: Reason.optional() }).meta({ id: 'ApproveDeal' });
export const RequestInfoBodySchema = z
  // The partner answers the question: asking without one leaves them nothing to answer.
  .strictObject({ reason: z.string({ error: 'Write what the partner should add or correct' }).trim().min(1, 'Write what the partner should add or correct').max(2000).meta({ description: 'Required: what the partner should add or correct; shown on the deal timeline' }) })
  .meta({ id: 'RequestDealInfo' });
export const RejectBodySchema = z.strictObject({ reasonCode: RejectionCode, reason: Reason.optional() }).meta({ id: 'RejectDeal' });

export const BULK_DECISION_MAX = 100;

export const BulkDecisionBodySchema = z
  .strictObject({
    action: z.enum(['approve', 'reject']),
    ids: z.array(z.string().min(1).max(64)).min(1).max(BULK_DECISION_MAX),
    reason: Reason.optional(),
    reasonCode: RejectionCode.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.action === 'reject' && !body.reasonCode) {
      ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'Rejections need a reason code' });
    }
    if (body.action === 'approve' && body.reasonCode) {
      ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'Only rejections take a reason code' });
    }
    const seen = new Set<string>();
    body.ids.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['ids', i], message: 'Listed more than once' });
      seen.add(id);
    });
  })
  .meta({ id: 'BulkDecision' });

export const ExtensionDecisionBodySchema = z
  .strictObject({
    decision: z.enum(['approve', 'decline']),
    newExpiresAt: z.iso.datetime({ offset: true }).optional().meta({
      description: "Approve only. Default: the current expiry plus the partner tier's protection days",
    }),
    reason: Reason.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'decline' && body.newExpiresAt) {
      ctx.addIssue({ code: 'custom', path: ['newExpiresAt'], message: 'Only an approved extension sets a new expiry' });
    }
  })
  .meta({ id: 'ExtensionDecision' });

/**
 * CRM write-back (and staff marking won/lost): `{stage: 'won', wonAmount, closeDate}`,
 * `{stage: 'lost', lostReason}`, and/or `{crmId}`.
 */
export const DealCrmPatchSchema = z
  .strictObject({
    stage: z.enum(['won', 'lost']).optional(),
    wonAmount: z
      .number()
      .positive()
      .optional()
      .meta({ description: "Won amount in the deal's currency, major units (12500.5 = 12,500.50)", example: 12500.5 }),
    closeDate: IsoDate.optional(),
    lostReason: z.string().trim().min(1).max(2000).optional(),
    crmId: z.string().trim().min(1).max(128).optional().meta({ description: "The deal's id in the CRM" }),
  })
  .superRefine((body, ctx) => {
    const need = (field: keyof typeof body, message: string) => {
      if (body[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    const refuse = (field: keyof typeof body, message: string) => {
      if (body[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (body.stage === 'won') {
      need('wonAmount', 'A won deal needs its won amount');
      need('closeDate', 'A won deal needs its close date');
      refuse('lostReason', 'Only lost deals take a lost reason');
    } else if (body.stage === 'lost') {
      need('lostReason', 'A lost deal needs a reason');
      refuse('wonAmount', 'Only won deals take a won amount');
    } else {
      refuse('wonAmount', 'Send stage "won" with a won amount');
      refuse('closeDate', 'Send a stage with a close date');
      refuse('lostReason', 'Send stage "lost" with a lost reason');
      need('crmId', 'Send a stage (won/lost) and/or a crmId');
    }
  })
  .meta({ id: 'DealCrmPatch' });

/** The deal after a decision or write-back. */
export const DealDecisionResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(DEAL_STATUSES),
    previousStatus: z.enum(DEAL_STATUSES),
    decidedAt: IsoDateTime,
    expiresAt: IsoDateTime.nullable(),
    reason: z.string().nullable(),
    reasonCode: z.enum(REJECTION_CODES).nullable(),
    event: z.string().nullable().meta({ description: 'Outbox event type emitted (null when nothing was emitted)' }),
  })
  .meta({ id: 'DealDecisionResult' });

export const DealWriteBackResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(DEAL_STATUSES),
    wonAmount: z.number().nullable(),
    currency: z.string(),
    closeDate: z.string().nullable(),
    lostReason: z.string().nullable(),
    crmId: z.string().nullable(),
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'DealWriteBackResult' });

const BulkItemResult = z
  .object({
    id: z.string(),
    ok: z.boolean(),
    status: z.enum(DEAL_STATUSES).optional().meta({ description: 'The status after the decision (ok) or the current status (problem)' }),
    expiresAt: IsoDateTime.nullable().optional(),
    problem: z
      .object({ type: z.string(), status: z.number().int(), detail: z.string() })
      .optional()
      .meta({ description: 'Why this id was not decided' }),
  })
  .meta({ id: 'BulkDecisionItemResult' });

export const BulkDecisionResultSchema = z
  .object({ results: z.array(BulkItemResult), succeeded: z.number().int(), failed: z.number().int() })
  .meta({ id: 'BulkDecisionResult' });

export const QueueQuerySchema = z.object({
  cursor: z.string().max(CURSOR_MAX_LENGTH).optional().meta({ description: 'Opaque cursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  partnerId: z.string().min(1).max(64).optional(),
  tierId: z.string().min(1).max(64).optional(),
  region: z.string().min(1).max(64).optional().meta({ description: 'Partner region, any case (`emea` = `EMEA`)' }),
  conflict: z.enum(['true', 'false']).optional().meta({ description: 'true: only registrations with a conflict; false: only without' }),
});

export const QueueItemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['registration', 'extension']).meta({
      description: 'registration: a pending registration to decide; extension: an approved deal whose partner asked for a longer protection',
    }),
    extensionRequestedAt: IsoDateTime.nullable().meta({ description: 'extension: when the partner asked' }),
    extensionRequestedUntil: IsoDateTime.nullable().meta({
      description: "extension: the expiry approving it sets by default (current expiry, or now if later, plus the tier's protection days)",
    }),
    status: z.enum(DEAL_STATUSES),
    customerName: z.string(),
    customerDomain: z.string(),
    country: z.string(),
    estimatedValue: z.number(),
    currency: z.string(),
    expectedCloseDate: z.string(),
    submittedAt: IsoDateTime,
    ageHours: z.number().meta({ description: 'Calendar hours since submission (extension: since the request)' }),
    ageBusinessDays: z.number().meta({ description: 'Business days (Mon–Fri) since submission (extension: since the request)' }),
    slaDueAt: IsoDateTime,
    slaState: z.enum(['on_track', 'due_soon', 'overdue']),
    partner: z.object({
      id: z.string(),
      name: z.string(),
      region: z.string(),
      tier: z.object({ id: z.string(), name: z.string() }).nullable(),
    }),
    hasConflict: z.boolean(),
    conflictCount: z.number().int(),
  })
  .meta({ id: 'QueueItem' });

export const QueuePageSchema = z
  .object({
    items: z.array(QueueItemSchema),
    nextCursor: z.string().nullable(),
    slaBusinessDays: z.number().int().meta({ description: 'The approval SLA the states were computed against' }),
  })
  .meta({ id: 'QueuePage' });
