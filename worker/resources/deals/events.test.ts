import { describe, expect, it } from 'vitest';
import { DEAL_EVENT_TYPES, DEAL_RULES } from '../../domain/deal-lifecycle.ts';
import { EVENT_TYPES } from '../../events/catalog.ts';
import { dealEvents } from './events.ts';

describe('deal events: the lifecycle and the registry agree', () => {
  const registered = dealEvents.map((e) => e.type as string);

  it('registers deal.registered and the event of every lifecycle rule', () => {
    const emitted = ['deal.registered', ...Object.values(DEAL_RULES).map((r) => r.event)];
    expect(emitted.filter((type) => !registered.includes(type))).toEqual([]);
  });

  it('registers nothing the lifecycle never emits, and lists every one in the catalog', () => {
    expect([...DEAL_EVENT_TYPES].sort()).toEqual([...registered].sort());
    expect(registered.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type))).toEqual([]);
  });
});
