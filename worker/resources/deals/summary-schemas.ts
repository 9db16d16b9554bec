import { z } from 'zod';
import { DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';

/**
 * GET /api/v1/deals/summary: the partner dashboard in one answer. Browser-safe (plain zod with
 * `.meta()`), so the portal infers its types from here.
 */

/** Approved deals whose protection ends within this many days count as expiring soon. */
export const EXPIRING_WITHIN_DAYS = 14;
/** At most this many expiring deals are listed (soonest first); `expiringSoonTotal` counts all. */
export const EXPIRING_LIST_MAX = 20;
/** How many of the latest manager decisions the summary lists. */
export const LATEST_DECISIONS = 5;

/** Manager decisions on a registration or on its extension request (timeline event types). */
export const DECISION_EVENTS = ['deal.approved', 'deal.rejected', 'deal.info_requested', 'deal.extended', 'deal.extension_declined'] as const;

const Iso = z.iso.datetime();

export const DealSummarySchema = z
  .object({
    generatedAt: Iso,
    total: z.number().int().meta({ description: 'Registrations visible to the caller, in every status' }),
    counts: z.record(z.enum(DEAL_STATUSES), z.number().int()).meta({ description: 'Registrations by status (every status present)' }),
    pipeline: z
      .array(z.object({ currency: z.string(), amount: z.number(), deals: z.number().int() }))
      .meta({ description: 'Estimated value of approved deals, one entry per currency (never converted), largest deal count first' }),
    expiringWithinDays: z.number().int(),
    expiringSoonTotal: z.number().int(),
    openExtensionRequests: z.number().int().meta({ description: 'Approved deals whose partner asked for an extension no manager has answered yet' }),
    expiringSoon: z
      .array(z.object({ id: z.string(), customerName: z.string(), expiresAt: Iso }))
      .meta({ description: `Approved deals whose protection ends within \`expiringWithinDays\`, soonest first (at most ${EXPIRING_LIST_MAX})` }),
    latestDecisions: z
      .array(
        z.object({
          dealId: z.string(),
          customerName: z.string(),
          decision: z.enum(DECISION_EVENTS),
          status: z.enum(DEAL_STATUSES).meta({ description: 'The deal’s status now' }),
          at: Iso,
          reason: z.string().nullable(),
        }),
      )
      .meta({ description: `The ${LATEST_DECISIONS} latest manager decisions, newest first` }),
  })
  .meta({ id: 'DealSummary' });

export type DealSummary = z.infer<typeof DealSummarySchema>;
