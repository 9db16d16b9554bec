import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { EVENTS } from '../events/catalog.ts';
import type { AppEnv } from '../lib/types.ts';
import { IsoDateTime } from '../lib/schemas.ts';
import { TestWebhookPayloadSchema } from '../resources/webhooks/schemas.ts';

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
  for (const event of EVENTS) {
    const body = z.object({
      type: z.literal(event.type),
      timestamp: IsoDateTime.openapi({ description: 'When the change happened' }),
      data: event.data(),
    });
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: event.type,
      tags: ['Webhooks'],
      summary: event.type,
      description: `${event.description} Verify with any Standard Webhooks library (docs/webhooks.md).`,
      request: { headers: signatureHeaders, body: { content: { 'application/json': { schema: body } } } },
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
