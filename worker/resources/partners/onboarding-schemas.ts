import { z } from '@hono/zod-openapi';
import { LIFECYCLE_STAGES } from '../../../db/schema/partners.ts';
import { IsoDateTime } from '../../lib/schemas.ts';
import { isRealDate } from '../certifications/rules.ts';
import { AT_RISK_REASONS, CHECKLIST_ITEMS } from './onboarding.ts';

export const OnboardingSchema = z
  .object({
    partnerId: z.string(),
    stage: z.enum(LIFECYCLE_STAGES),
    checklist: z.array(
      z.object({
        item: z.enum(CHECKLIST_ITEMS),
        done: z.boolean(),
        doneOn: z.string().nullable().openapi({ format: 'date' }),
        automatic: z.boolean(),
      }),
    ),
    atRisk: z
      .object({ reasons: z.array(z.enum(AT_RISK_REASONS)), proposedAt: IsoDateTime })
      .nullable()
      ,
    history: z.array(
      z.object({
        from: z.enum(LIFECYCLE_STAGES).nullable(),
        to: z.enum(LIFECYCLE_STAGES),
        at: IsoDateTime,
        by: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .openapi('PartnerOnboarding');

export const AgreementSchema = z
  .object({
    signedOn: z
      .string()
      .refine(isRealDate, 'A calendar date as YYYY-MM-DD')
      .nullable()
      .openapi({ format: 'date' }),
  })
  .strict()
  .openapi('PartnerAgreement');

export const StageChangeSchema = z
  .object({ stage: z.enum(LIFECYCLE_STAGES), reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .openapi('PartnerStageChange');
