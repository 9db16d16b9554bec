import { z } from '@hono/zod-openapi';
import { defineEvents } from '../../events/define.ts';
import { TierProposalSchema } from './schemas.ts';

const TierRef = z.object({ id: z.string(), name: z.string() }).nullable();

export const tierEvents = defineEvents([
  {
    type: 'partner.tier_change_proposed',
    subject: 'partner',
    description: 'The daily job found that a partner qualifies for another tier and proposed the change (`proposal`); a manager approves or dismisses it. Downgrades wait the grace period.',
    data: () => z.object({ partner: z.object({ id: z.string(), name: z.string() }), proposal: TierProposalSchema }),
  },
  {
    type: 'partner.tier_changed',
    subject: 'partner',
    description: 'A manager approved a tier proposal: the partner now has tier `to` (was `from`).',
    data: () => z.object({ partner: z.object({ id: z.string(), name: z.string() }), from: TierRef, to: TierRef, proposalId: z.string() }),
  },
]);
