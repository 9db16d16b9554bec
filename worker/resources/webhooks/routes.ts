import type { Context } from 'hono';
import {
  deleteEndpointStatements,
  deliveryPageQuery,
  endpointExists,
  endpointPageQuery,
  endpointQuery,
  insertEndpoint,
  insertEvent,
  insertMessage,
  requeueFailedSince,
  requeueMessage,
  updateEndpoint,
  type EndpointRow,
} from '../../../db/queries/webhooks.ts';
import { webhookMessages } from '../../../db/schema/webhooks.ts';
import { TEST_EVENT_TYPE } from '../../domain/webhook-payload.ts';
import { checkWebhookUrl } from '../../domain/webhook-url.ts';
import { actorRef, auditInsert, auditInsertWhere } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { newId } from '../../lib/ids.ts';
import { invalidFields, notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { openSecret, sealSecret } from '../../lib/secrets-crypto.ts';
import type { AppEnv } from '../../lib/types.ts';
import { generateWebhookSecret } from '../../lib/webhook-sign.ts';
import { errorResponses, IdParam, PageQuerySchema, problemContent } from '../../lib/schemas.ts';
import {
  CreateEndpointSchema,
  DeliveriesQuerySchema,
  DeliveryPageSchema,
  EndpointMessageParams,
  EndpointPageSchema,
  EndpointSchema,
  EndpointWithSecretSchema,
  QueuedSchema,
  RecoverResultSchema,
  RecoverSchema,
  RotateSecretSchema,
  SecretSchema,
  UpdateEndpointSchema,
} from './schemas.ts';
import { afterRequeue } from '../../webhooks/enqueue.ts';
import { DEFAULT_GRACE_HOURS, previousSecretValidUntil, rotationGrace } from './rules.ts';

/**
 * /api/v1/webhook-endpoints: admins manage the CRM's webhook endpoints, their signing
 * secrets and delivery log. Writes: one read round trip, then the change and its audit entry
 * in one batch; queue sends happen after the response (waitUntil).
 */

type Ctx = Context<AppEnv>;
const tags = ['Webhooks'];
/** Recover requeues at most this many deliveries per call (`more` says when to call again). */
const RECOVER_LIMIT = 500;

const endpointNotFound = () => notFound('No webhook endpoint with that id.');
const disabled = (row: EndpointRow) =>
  new ProblemError(409, {
    type: problemType('webhook-endpoint-disabled'),
    detail: `The endpoint is disabled (${row.disabledReason ?? 'by an admin'}). Enable it first (PATCH {"enabled": true}).`,
  });

/** The audit entry of a change to an endpoint. */
const endpointAudit = (c: Ctx, action: string, id: string, at: Date, details?: Record<string, unknown>) =>
  auditInsert(c, { action, objectType: 'webhook_endpoint', objectId: id, at, details });

/** 422 with a field error when the URL may not receive webhooks (SSRF guard). */
function allowedUrl(c: Ctx, url: string): string {
  const check = checkWebhookUrl(url, { appEnv: c.env.APP_ENV, allowHosts: c.env.WEBHOOK_ALLOW_HOSTS });
  if (check.ok) return check.url.href;
  throw invalidFields([{ field: 'url', message: check.message, code: 'url_not_allowed' }]);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function endpointView(row: EndpointRow, now = new Date()) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    previousSecretExpiresAt: iso(previousSecretValidUntil(row, now)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function readEndpoint(c: Ctx, id: string): Promise<EndpointRow> {
  const [row] = await endpointQuery(c.get('db'), id);
  if (!row) throw endpointNotFound();
  return row;
}

// ---- route definitions ------------------------------------------------------------------------

const base = { tags };

const createEndpointRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'post',
  path: '/webhook-endpoints',
  summary: 'Create a webhook endpoint',
  description: 'Answers the endpoint with its signing secret (`whsec_…`). The URL must be https:// on a public host.',
  request: { body: { required: true, content: json(CreateEndpointSchema) } },
  responses: { 201: { description: 'Created', content: json(EndpointWithSecretSchema) }, ...errorResponses },
});

const listRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'get',
  path: '/webhook-endpoints',
  summary: 'List webhook endpoints',
  request: { query: PageQuerySchema },
  responses: { 200: { description: 'A page of endpoints, newest first', content: json(EndpointPageSchema) }, ...errorResponses },
});

const getRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'get',
  path: '/webhook-endpoints/{id}',
  summary: 'Get a webhook endpoint',
  request: { params: IdParam },
  responses: { 200: { description: 'The endpoint', content: json(EndpointSchema) }, ...errorResponses },
});

const patchRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'patch',
  path: '/webhook-endpoints/{id}',
  summary: 'Change a webhook endpoint (url, description, events, enabled)',
  request: { params: IdParam, body: { required: true, content: json(UpdateEndpointSchema) } },
  responses: { 200: { description: 'The changed endpoint', content: json(EndpointSchema) }, ...errorResponses },
});

const deleteRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'delete',
  path: '/webhook-endpoints/{id}',
  summary: 'Delete a webhook endpoint and its delivery log',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const rotateRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'post',
  path: '/webhook-endpoints/{id}/rotate-secret',
  summary: 'Rotate the signing secret',
  description:
    'Creates a new secret. The old one keeps signing alongside it for `graceHours` (default 24): `webhook-signature` then carries both signatures, so the receiver can switch without losing deliveries.',
  request: { params: IdParam, body: { required: false, content: json(RotateSecretSchema) } },
  responses: { 200: { description: 'The new secret', content: json(SecretSchema) }, ...errorResponses },
});

const secretRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'get',
  path: '/webhook-endpoints/{id}/secret',
  summary: 'Reveal the current signing secret (audited)',
  request: { params: IdParam },
  responses: { 200: { description: 'The secret', content: json(SecretSchema) }, ...errorResponses },
});

const deliveriesRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'get',
  path: '/webhook-endpoints/{id}/deliveries',
  summary: "The endpoint's delivery log",
  description: 'One item per event sent to the endpoint, newest first, with every attempt: time, HTTP status, duration, the first 1 KB of the response, the next retry.',
  request: { params: IdParam, query: DeliveriesQuerySchema },
  responses: { 200: { description: 'A page of deliveries', content: json(DeliveryPageSchema) }, ...errorResponses },
});

const disabledResponse = { 409: { description: 'The endpoint is disabled', content: problemContent } };

const resendRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'post',
  path: '/webhook-endpoints/{id}/deliveries/{messageId}/resend',
  summary: 'Send a delivery again (fresh retry schedule, same webhook-id)',
  request: { params: EndpointMessageParams },
  responses: { 202: { description: 'Queued', content: json(QueuedSchema) }, ...errorResponses, ...disabledResponse },
});

const recoverRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'post',
  path: '/webhook-endpoints/{id}/recover',
  summary: 'Requeue every failed or dead delivery since a time',
  request: { params: IdParam, body: { required: true, content: json(RecoverSchema) } },
  responses: { 202: { description: 'Queued', content: json(RecoverResultSchema) }, ...errorResponses, ...disabledResponse },
});

const testRoute = defineRoute({ permission: 'webhooks:manage' }, {
  ...base,
  method: 'post',
  path: '/webhook-endpoints/{id}/test',
  summary: 'Send a webhook.test event to this endpoint',
  request: { params: IdParam },
  responses: { 202: { description: 'Queued', content: json(QueuedSchema) }, ...errorResponses, ...disabledResponse },
});

// ---- handlers ---------------------------------------------------------------------------------

export const webhookEndpointRoutes = createRouter()
  .openapi(createEndpointRoute, async (c) => {
    const body = c.req.valid('json');
    const url = allowedUrl(c, body.url);
    const db = c.get('db');
    const now = new Date();
    const id = newId('whe');
    const secret = generateWebhookSecret();
    const sealed = await sealSecret(c.env, secret, id);
    const enabled = body.enabled ?? true;
    const row: EndpointRow = {
      id,
      url,
      description: body.description || null,
      events: body.events ?? null,
      enabled,
      disabledReason: enabled ? null : 'Disabled by an admin.',
      disabledAt: enabled ? null : now,
      secretCiphertext: sealed.ciphertext,
      secretKeyId: sealed.keyId,
      previousSecretCiphertext: null,
      previousSecretKeyId: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      createdBy: actorRef(c.get('actor')).id,
      createdAt: now,
      updatedAt: now,
    };
    await db.batch([insertEndpoint(db, row), endpointAudit(c, 'webhook_endpoint.created', id, now, { url, events: row.events })]);
    c.header('location', `/api/v1/webhook-endpoints/${id}`);
    return c.json({ ...endpointView(row, now), secret }, 201);
  })

  .openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const position = decodeCursor(q.cursor);
    const rows = await endpointPageQuery(c.get('db'), q.limit, position ? { at: new Date(position.at), id: position.id } : null);
    const page = pageFrom(rows, q.limit, (r) => ({ at: r.createdAt.getTime(), id: r.id }));
    const now = new Date();
    return c.json({ items: page.items.map((r) => endpointView(r, now)), nextCursor: page.nextCursor }, 200);
  })

  .openapi(getRoute, async (c) => c.json(endpointView(await readEndpoint(c, c.req.valid('param').id)), 200))

  .openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const url = body.url === undefined ? undefined : allowedUrl(c, body.url);
    const current = await readEndpoint(c, id);
    const now = new Date();
    const patch: Partial<EndpointRow> = { updatedAt: now };
    if (url !== undefined) patch.url = url;
    if (body.description !== undefined) patch.description = body.description || null;
    if (body.events !== undefined) patch.events = body.events;
    if (body.enabled === true && !current.enabled) Object.assign(patch, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
    if (body.enabled === false && current.enabled) Object.assign(patch, { enabled: false, disabledReason: 'Disabled by an admin.', disabledAt: now });
    const db = c.get('db');
    const [[row]] = await db.batch([
      updateEndpoint(db, id, patch),
      endpointAudit(c, 'webhook_endpoint.updated', id, now, { changed: Object.keys(body), url: patch.url }),
    ]);
    if (!row) throw endpointNotFound();
    return c.json(endpointView(row, now), 200);
  })

  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const current = await readEndpoint(c, id);
    const db = c.get('db');
    await db.batch([...deleteEndpointStatements(db, id), endpointAudit(c, 'webhook_endpoint.deleted', id, new Date(), { url: current.url })]);
    return c.body(null, 204);
  })

  .openapi(rotateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const graceHours = (c.req.valid('json') as { graceHours?: number } | undefined)?.graceHours ?? DEFAULT_GRACE_HOURS;
    const current = await readEndpoint(c, id);
    const now = new Date();
    const secret = generateWebhookSecret();
    const sealed = await sealSecret(c.env, secret, id);
    const grace = rotationGrace(current, graceHours, now);
    const db = c.get('db');
    await db.batch([
      updateEndpoint(db, id, {
        secretCiphertext: sealed.ciphertext,
        secretKeyId: sealed.keyId,
        ...grace,
        updatedAt: now,
      }),
      endpointAudit(c, 'webhook_endpoint.secret_rotated', id, now, { graceHours }),
    ]);
    return c.json({ secret, previousSecretExpiresAt: iso(grace.previousSecretExpiresAt) }, 200);
  })

  .openapi(secretRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.get('db');
    const now = new Date();
    const [[row]] = await db.batch([endpointQuery(db, id), auditInsertWhere(c, { action: 'webhook_endpoint.secret_revealed', objectType: 'webhook_endpoint', objectId: id, at: now }, endpointExists(id))]);
    if (!row) throw endpointNotFound();
    const secret = await openSecret(c.env, { keyId: row.secretKeyId, ciphertext: row.secretCiphertext }, id);
    return c.json({ secret, previousSecretExpiresAt: endpointView(row, now).previousSecretExpiresAt }, 200);
  })

  .openapi(deliveriesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const position = decodeCursor(q.cursor);
    const db = c.get('db');
    const [[endpoint], rows] = await db.batch([
      endpointQuery(db, id),
      deliveryPageQuery(db, id, q.status, q.limit, position ? { at: new Date(position.at), id: position.id } : null),
    ]);
    if (!endpoint) throw endpointNotFound();
    const page = pageFrom(rows, q.limit, (r) => ({ at: r.message.createdAt.getTime(), id: r.message.id }));
    return c.json({ items: page.items.map(deliveryView), nextCursor: page.nextCursor }, 200);
  })

  .openapi(resendRoute, async (c) => {
    const { id, messageId } = c.req.valid('param');
    const endpoint = await readEndpoint(c, id);
    if (!endpoint.enabled) throw disabled(endpoint);
    const db = c.get('db');
    const now = new Date();
    const [[message]] = await db.batch([
      requeueMessage(db, id, messageId, now),
      endpointAudit(c, 'webhook_endpoint.delivery_resent', id, now, { messageId }),
    ]);
    if (!message) throw notFound('No delivery with that id for this endpoint.');
    afterRequeue(c, [{ messageId: message.id, eventId: message.eventId, endpointId: message.endpointId }]);
    return c.json({ messageId: message.id, eventId: message.eventId }, 202);
  })

  .openapi(recoverRoute, async (c) => {
    const { id } = c.req.valid('param');
    const since = new Date(c.req.valid('json').since);
    const endpoint = await readEndpoint(c, id);
    if (!endpoint.enabled) throw disabled(endpoint);
    const db = c.get('db');
    const now = new Date();
    const [requeued] = await db.batch([
      requeueFailedSince(db, id, since, now, RECOVER_LIMIT),
      endpointAudit(c, 'webhook_endpoint.recovered', id, now, { since: since.toISOString() }),
    ]);
    afterRequeue(c, requeued.map((m) => ({ messageId: m.id, eventId: m.eventId, endpointId: m.endpointId })));
    return c.json({ requeued: requeued.length, more: requeued.length === RECOVER_LIMIT }, 202);
  })

  .openapi(testRoute, async (c) => {
    const { id } = c.req.valid('param');
    const endpoint = await readEndpoint(c, id);
    if (!endpoint.enabled) throw disabled(endpoint);
    const db = c.get('db');
    const now = new Date();
    const eventId = newId('evt');
    const messageId = newId('whm');
    await db.batch([
      // Enqueued at birth: its one message is written right here, not by the fan-out.
      insertEvent(db, {
        id: eventId,
        type: TEST_EVENT_TYPE,
        occurredAt: now,
        partnerId: null,
        subjectType: 'webhook_endpoint',
        subjectId: id,
        data: { endpointId: id, message: 'A test event from the partner portal. No action needed.' },
        enqueuedAt: now,
      }),
      insertMessage(db, { id: messageId, endpointId: id, eventId, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now }),
      endpointAudit(c, 'webhook_endpoint.test_sent', id, now, { eventId }),
    ]);
    afterRequeue(c, [{ messageId, eventId, endpointId: id }]);
    return c.json({ messageId, eventId }, 202);
  });

interface AttemptJson {
  attempt: number;
  at: number;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
  nextRetryAt: number | null;
}

function deliveryView(row: { message: typeof webhookMessages.$inferSelect; eventType: string; attemptLog: string }) {
  const { message } = row;
  const attempts = JSON.parse(row.attemptLog) as AttemptJson[];
  return {
    id: message.id,
    eventId: message.eventId,
    eventType: row.eventType,
    status: message.status,
    attempts: message.attempts,
    nextAttemptAt: message.status === 'pending' || message.status === 'failed' ? iso(message.nextAttemptAt) : null,
    lastStatus: message.lastStatus,
    lastError: message.lastError,
    deliveredAt: iso(message.deliveredAt),
    createdAt: message.createdAt.toISOString(),
    attemptLog: attempts.map((a) => ({
      ...a,
      at: new Date(a.at).toISOString(),
      nextRetryAt: a.nextRetryAt === null ? null : new Date(a.nextRetryAt).toISOString(),
    })),
  };
}
