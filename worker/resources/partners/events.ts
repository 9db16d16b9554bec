import { z } from '@hono/zod-openapi';
import { defineEvents } from '../../events/define.ts';
import { LIFECYCLE_STAGES } from '../../../db/schema/partners.ts';
import { PartnerSchema } from './schemas.ts';

export const partnerEvents = defineEvents([
  {
    type: 'partner.created',
    subject: 'partner',
    description: 'A manager added a partner company.',
    data: () => z.object({ partner: PartnerSchema }),
  },
  {
    type: 'partner.updated',
    subject: 'partner',
    description: 'A partner company changed (`changed` holds the new value of each changed field; `partner` is the company after the change).',
    data: () => z.object({ changed: z.record(z.string(), z.unknown()), partner: PartnerSchema }),
  },
  {
    type: 'partner.stage_changed',
    subject: 'partner',
    description: 'A partner moved to another lifecycle stage (prospect, onboarding, active, at risk, inactive); `from`, `to` and the `reason` given.',
    data: () =>
      z.object({
        partner: z.object({ id: z.string(), name: z.string() }),
        from: z.enum(LIFECYCLE_STAGES).nullable(),
        to: z.enum(LIFECYCLE_STAGES),
        reason: z.string().nullable(),
      }),
  },
]);
