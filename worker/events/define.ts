import type { z } from 'zod';

/**
 * One event type, declared once: the webhook subscription enum, the OpenAPI `webhooks`
 * section, the table in docs/webhooks.md and the notification triggers all read this.
 * `data` is a thunk so the schema is built only when the OpenAPI document or the docs need
 * it, never at worker startup.
 */
export interface EventDefinition<T extends string = string> {
  type: T;
  /** The object the event is about (`subject_type` in the outbox): 'deal', 'partner', … */
  subject: string;
  /** One sentence for receivers: what happened. Markdown. */
  description: string;
  /** The `data` object of the webhook payload (`{type, timestamp, data}`). */
  data: () => z.ZodType;
}

/**
 * Declares a resource's events; keeps the literal types so `EventType` is a union.
 *
 * @example
 *   export const contentEvents = defineEvents([
 *     { type: 'content.published', subject: 'content', description: 'An asset was published.', data: () => ContentSchema },
 *   ]);
 */
export function defineEvents<const T extends readonly EventDefinition[]>(definitions: T): T {
  return definitions;
}
