import { z } from '@hono/zod-openapi';
import { defineEvents } from '../../events/define.ts';
import { DealSchema } from './schemas.ts';

/** A deal event's `data`: the deal as staff see it, with its partner and its portal page. */
const dealData = () =>
  DealSchema.extend({
    partner: z.object({ id: z.string(), name: z.string() }),
    portalUrl: z.string().openapi({ example: 'https://partner-portal.example.com/deals/dl_k3j…' }),
  });

const deal = <const T extends string>(type: T, description: string) => ({ type, subject: 'deal', description, data: dealData });

/** Every event a deal emits; `worker/domain/deal-lifecycle.ts` names the event of each transition. */
export const dealEvents = defineEvents([
  deal('deal.registered', 'A partner registered a deal.'),
  deal('deal.approved', 'A manager approved a registration; the customer is now protected until `expiresAt`.'),
  deal('deal.rejected', 'A manager rejected a registration (`decisionReason`, `rejectionCode`).'),
  deal('deal.info_requested', 'A manager asked the partner for more information.'),
  deal('deal.resubmitted', 'The partner answered an information request.'),
  deal('deal.withdrawn', 'The partner withdrew the registration.'),
  deal('deal.extension_requested', 'The partner asked to extend the protection period.'),
  deal('deal.extended', 'A manager extended the protection period (`expiresAt` moved).'),
  deal('deal.extension_declined', 'A manager declined an extension request.'),
  deal('deal.expiring', 'The protection period ends within 14 days.'),
  deal('deal.expired', 'The protection period ended without the deal being won or lost.'),
  deal('deal.won', 'The deal was won (`wonAmount`, `closeDate`).'),
  deal('deal.lost', 'The deal was lost (`lostReason`).'),
]);
