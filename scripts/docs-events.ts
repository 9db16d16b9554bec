// Rewrites the event catalogue in docs/webhooks.md from the event registry: `npm run docs:events`.
import { readFile, writeFile } from 'node:fs/promises';
import { renderEventTable } from '../worker/events/docs-table.ts';

const file = new URL('../docs/webhooks.md', import.meta.url);
const doc = await readFile(file, 'utf8');
const next = doc.replace(/<!-- events:start -->[\s\S]*?<!-- events:end -->/, `<!-- events:start -->\n${renderEventTable()}\n<!-- events:end -->`);
if (next === doc && !doc.includes('<!-- events:start -->')) throw new Error('docs/webhooks.md has no <!-- events:start --> marker');
await writeFile(file, next);
