/**
 * The JSON body a webhook endpoint receives. Built from the stored outbox row at each attempt;
 * everything in it comes from that row, so every retry carries the same bytes.
 */
export const TEST_EVENT_TYPE = 'webhook.test';

export interface OutboxEventRow {
  id: string;
  type: string;
  occurredAt: Date;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

export interface WebhookPayload {
  type: string;
  /** When the change happened (ISO 8601 UTC), not when this attempt was made. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** `{type, timestamp, data}`; deal events get `data.portalUrl`, the deal's page in the portal. */
export function webhookPayload(event: OutboxEventRow, portalUrl: string): WebhookPayload {
  const data = event.subjectType === 'deal' ? { ...event.data, portalUrl: `${portalUrl.replace(/\/+$/, '')}/deals/${event.subjectId}` } : event.data;
  return { type: event.type, timestamp: event.occurredAt.toISOString(), data };
}
