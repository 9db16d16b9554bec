import { z } from '@hono/zod-openapi';
import { defineEvents } from '../../events/define.ts';
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
]);
