import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { DEAL_EVENT_TYPES } from '../domain/deal-lifecycle.ts';
import type { AppEnv } from '../lib/types.ts';
import { dealWebhookPayloadSchema, TestWebhookPayloadSchema } from '../schemas/webhooks.ts';

const WHAT: Record<string, string> = {
  'deal.registered': 'A partner registered a deal.',
  'deal.approved': 'A manager approved a registration; the customer is now protected until `expiresAt`.',
  'deal.rejected': 'A manager rejected a registration (`decisionReason`, `rejectionCode`).',
  'deal.info_requested': 'A manager asked the partner for more information.',
  'deal.resubmitted': 'The partner answered an information request.',
  'deal.withdrawn': 'The partner withdrew the registration.',
  'deal.extension_requested': 'The partner asked to extend the protection period.',
  'deal.extended': 'A manager extended the protection period (`expiresAt` moved).',
  'deal.extension_declined': 'A manager declined an extension request.',
  'deal.expiring': 'The protection period ends within 14 days.',
  'deal.expired': 'The protection period ended without the deal being won or lost.',
  'deal.won': 'The deal was won (`wonAmount`, `closeDate`).',
  'deal.lost': 'The deal was lost (`lostReason`).',
};

const signatureHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'The event id: the same on every retry; de-duplicate by it' }),
  'webhook-timestamp': z.string().openapi({ description: 'Unix seconds of this attempt' }),
  'webhook-signature': z.string().openapi({
    description: 'Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`; two during a secret rotation',
  }),
});

const receiverResponses = {
  200: { description: 'Any 2xx within 15 s acknowledges the delivery' },
  410: { description: 'Gone: the portal disables the endpoint' },
  429: { description: 'Retried later, honouring Retry-After' },
};

/** The `webhooks` section of the OpenAPI document: one entry per event type with its payload. */
export function registerWebhookDocs(app: OpenAPIHono<AppEnv>) {
  for (const type of DEAL_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      tags: ['Webhooks'],
      summary: type,
      description: `${WHAT[type] ?? ''} \`data\` is the deal as staff see it, with \`partner\` and \`portalUrl\`. Verify with any Standard Webhooks library (docs/webhooks.md).`,
      request: { headers: signatureHeaders, body: { content: { 'application/json': { schema: dealWebhookPayloadSchema(type) } } } },
      responses: receiverResponses,
    });
  }
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'webhook.test',
    tags: ['Webhooks'],
    summary: 'webhook.test',
    description: 'Sent on demand by POST /api/v1/webhook-endpoints/{id}/test, only to that endpoint.',
    request: { headers: signatureHeaders, body: { content: { 'application/json': { schema: TestWebhookPayloadSchema } } } },
    responses: receiverResponses,
  });
}
