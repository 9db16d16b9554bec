import { EVENTS } from './catalog.ts';

/** The event catalogue table of docs/webhooks.md, rendered from the registry (checked by test/node/events-doc.test.ts). */
export function renderEventTable(): string {
  const rows = EVENTS.map((e) => `| \`${e.type}\` | ${e.subject} | ${e.description} |`);
  return ['| type | about | when |', '| --- | --- | --- |', ...rows, '| `webhook.test` | endpoint | Sent on demand to one endpoint (`POST /{id}/test`). |'].join('\n');
}
