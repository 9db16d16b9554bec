import { z } from 'zod';

/** Longest period one KPI request may cover. */
export const MAX_KPI_PERIOD_DAYS = 1830;
/** Period when none is given: the last 90 days, today included. */
export const DEFAULT_KPI_PERIOD_DAYS = 90;

const DAY_MS = 86_400_000;

export const KpiQuerySchema = z
  .object({
    from: z.iso.date().optional().meta({ description: 'First day of the period (UTC, inclusive). Default: 89 days before `to`', example: '2026-01-01' }),
    to: z.iso.date().optional().meta({ description: 'Last day of the period (UTC, inclusive). Default: today', example: '2026-03-31' }),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to) {
      const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS;
      if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must not be before `from`' });
      else if (days >= MAX_KPI_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: `A period spans at most ${MAX_KPI_PERIOD_DAYS} days` });
    }
  });

const Amount = z.object({ currency: z.string(), amount: z.number() });
const Rate = (parts: Record<string, z.ZodNumber>) => z.object({ value: z.number().nullable().meta({ description: 'null when the denominator is 0' }), ...parts });

export const KpisSchema = z
  .object({
    period: z.object({ from: z.iso.date(), to: z.iso.date() }),
    partnerSourcedRevenue: z.array(Amount).meta({ description: 'Won amount of won deals by close date in the period, per currency' }),
    revenuePerPartner: z.array(Amount).meta({ description: 'Partner-sourced revenue ÷ partners with at least one won deal in the period' }),
    partnersWithWonDeals: z.number().int(),
    approvalRate: Rate({ approved: z.number().int(), rejected: z.number().int() }).meta({ description: 'approved ÷ (approved + rejected), decisions in the period' }),
    registrationConversion: Rate({ won: z.number().int(), approved: z.number().int() }).meta({ description: 'won ÷ approved, registrations approved in the period' }),
    approvalTurnaroundHours: z
      .object({ median: z.number().nullable(), decisions: z.number().int() })
      .meta({ description: 'Median hours from submission to first decision, first decisions in the period' }),
    jointPipeline: z
      .array(Amount.extend({ deals: z.number().int() }))
      .meta({ description: 'Estimated value of approved deals not yet won, lost or expired (now), per currency' }),
    partnerActivationRate: Rate({ activated: z.number().int(), partners: z.number().int() }).meta({
      description: 'Partners with a registration in the 90 days before the period end ÷ partners in stage active or onboarding',
    }),
    timeToFirstDealDays: z
      .object({ median: z.number().nullable(), partners: z.number().int() })
      .meta({ description: "Median days from a partner's creation to its first registration (all partners that registered)" }),
  })
  .meta({ id: 'Kpis' });
