import { dealEvents } from '../resources/deals/events.ts';
import { partnerEvents } from '../resources/partners/events.ts';
import { contentEvents } from '../resources/content/events.ts';
import { certificationEvents } from '../resources/certifications/events.ts';
import { tierEvents } from '../resources/tiers/events.ts';
import type { EventDefinition } from './define.ts';

/**
 * Every event type the portal emits, one line per resource. Adding a resource's events here
 * makes them subscribable, documented (OpenAPI + docs/webhooks.md, checked by a test) and
 * available to notification triggers.
 */
export const EVENTS = [...dealEvents, ...partnerEvents, ...contentEvents, ...certificationEvents, ...tierEvents] as const satisfies readonly EventDefinition[];

export type EventType = (typeof EVENTS)[number]['type'];

export const EVENT_TYPES = EVENTS.map((e) => e.type) as [EventType, ...EventType[]];

export function eventDefinition(type: string): EventDefinition | undefined {
  return EVENTS.find((e) => e.type === type);
}
