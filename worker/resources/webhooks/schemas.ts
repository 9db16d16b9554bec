import { z } from '@hono/zod-openapi';
import { WEBHOOK_MESSAGE_STATUSES } from '../../../db/schema/webhooks.ts';
import { EVENT_TYPES } from '../../events/catalog.ts';
import { DealSchema } from '../deals/schemas.ts';
import { IsoDateTime, PageQuerySchema } from '../../lib/schemas.ts';

/** Request and response schemas of /api/v1/webhook-endpoints and the webhook payloads. */

export const WebhookEventTypeSchema = z.enum(EVENT_TYPES).openapi('WebhookEventType');

const EventList = z
  .array(WebhookEventTypeSchema)
  .min(1, 'Subscribe to at least one event type, or leave `events` out for all of them')
  .max(EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, { message: 'Each event type only once' })
  .openapi({ description: 'Event types to receive; omit or null for every event type (including future ones)' });

const Url = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(2048)
  .openapi({ example: 'https://crm.example.com/webhooks/partner-portal', description: 'https:// URL on a public host' });

const Description = z.string().trim().max(500);

export const CreateEndpointSchema = z
  .object({
    url: Url,
    events: EventList.nullish(),
    description: Description.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('WebhookEndpointCreate');

export const UpdateEndpointSchema = z
  .object({
    url: Url.optional(),
    events: EventList.nullable().optional(),
    description: Description.nullable().optional(),
    enabled: z.boolean().optional().openapi({ description: 'true re-enables a disabled endpoint and clears `disabledReason`' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change' })
  .openapi('WebhookEndpointUpdate');

export const EndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().openapi({ description: 'Why the portal disabled the endpoint (410 Gone, failing for 5 days, …)' }),
    disabledAt: IsoDateTime.nullable(),
    previousSecretExpiresAt: IsoDateTime.nullable().openapi({ description: 'After a rotation: until when the old secret still signs too' }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('WebhookEndpoint');

const Secret = z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Standard Webhooks signing secret' });

export const EndpointWithSecretSchema = EndpointSchema.extend({ secret: Secret }).openapi('WebhookEndpointWithSecret');

export const EndpointPageSchema = z.object({ items: z.array(EndpointSchema), nextCursor: z.string().nullable() }).openapi('WebhookEndpointPage');

export const RotateSecretSchema = z
  .object({
    graceHours: z.number().int().min(0).max(168).default(24).openapi({ description: 'How long the old secret keeps signing too (0–168 h, default 24)' }),
  })
  .strict()
  .openapi('WebhookSecretRotate');

export const SecretSchema = z
  .object({ secret: Secret, previousSecretExpiresAt: IsoDateTime.nullable() })
  .openapi('WebhookSecret');

export const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    at: IsoDateTime,
    statusCode: z.number().int().nullable().openapi({ description: 'null when no response arrived (timeout, connection error)' }),
    durationMs: z.number().int(),
    responseExcerpt: z.string().nullable().openapi({ description: 'First 1 KB of the response body' }),
    error: z.string().nullable(),
    nextRetryAt: IsoDateTime.nullable(),
  })
  .openapi('WebhookAttempt');

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: 'Also the `webhook-id` header receivers de-duplicate by' }),
    eventType: z.string(),
    status: z.enum(WEBHOOK_MESSAGE_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: IsoDateTime.nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    attemptLog: z.array(AttemptSchema),
  })
  .openapi('WebhookDelivery');

export const DeliveryPageSchema = z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }).openapi('WebhookDeliveryPage');

export const DeliveriesQuerySchema = PageQuerySchema.extend({
  status: z.enum(WEBHOOK_MESSAGE_STATUSES).optional(),
});

export const RecoverSchema = z
  .object({ since: z.iso.datetime().openapi({ description: 'Requeue failed and dead deliveries created at or after this time' }) })
  .strict()
  .openapi('WebhookRecover');

export const RecoverResultSchema = z
  .object({ requeued: z.number().int(), more: z.boolean().openapi({ description: 'true when more remain: call again' }) })
  .openapi('WebhookRecoverResult');

export const QueuedSchema = z.object({ messageId: z.string(), eventId: z.string() }).openapi('WebhookQueued');

export const EndpointMessageParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }),
  messageId: z.string().min(1).max(64).openapi({ param: { name: 'messageId', in: 'path' } }),
});

export const TestWebhookPayloadSchema = z.object({
  type: z.literal('webhook.test'),
  timestamp: IsoDateTime,
  data: z.object({ endpointId: z.string(), message: z.string() }),
});
