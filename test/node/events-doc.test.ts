import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderEventTable } from '../../worker/events/docs-table.ts';
import { EVENTS, EVENT_TYPES } from '../../worker/events/catalog.ts';

describe('docs/webhooks.md', () => {
  it('lists exactly the event types of the registry (npm run docs:events regenerates it)', async () => {
    const doc = await readFile(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
    const table = /<!-- events:start -->\n([\s\S]*?)\n<!-- events:end -->/.exec(doc)?.[1];
    expect(table).toBe(renderEventTable());
    for (const type of EVENT_TYPES) expect(table).toContain(`\`${type}\``);
  });

  it('declares each event type once, with a description and a payload schema', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    for (const e of EVENTS) {
      expect(e.description.length, e.type).toBeGreaterThan(10);
      expect(typeof e.data().safeParse, e.type).toBe('function');
    }
  });
});
