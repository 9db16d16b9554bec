import type { webhookMessages } from '../../db/schema/webhooks.ts';
import { newId } from '../lib/ids.ts';
import { TEST_EVENT_TYPE } from '../domain/webhook-payload.ts';

export interface Subscription {
  id: string;
  events: string[] | null;
  enabled: boolean;
}

/** Whether an endpoint receives an event type (test pings go only to the endpoint asked). */
export function subscribes(sub: Subscription, type: string): boolean {
  if (type === TEST_EVENT_TYPE) return false;
  return sub.events === null || sub.events.includes(type);
}

/**
 * One message per (event, subscribed endpoint). Disabled endpoints get their messages too,
 * dead from the start: after re-enabling, "recover since" sends what they missed.
 */
export function planFanOut(
  events: readonly { id: string; type: string }[],
  subs: readonly Subscription[],
  now: Date,
): (typeof webhookMessages.$inferInsert)[] {
  return events.flatMap((event) =>
    subs
      .filter((sub) => subscribes(sub, event.type))
      .map((sub) => ({
        id: newId('whm'),
        endpointId: sub.id,
        eventId: event.id,
        status: sub.enabled ? ('pending' as const) : ('dead' as const),
        attempts: 0,
        nextAttemptAt: sub.enabled ? now : null,
        lastError: sub.enabled ? null : 'The endpoint was disabled when the event occurred.',
        createdAt: now,
        updatedAt: now,
      })),
  );
}
