import { createApp } from './app.ts';
import type { Env } from './env.ts';

const app = createApp();

// The cron and queue handlers (and what they import) load on their first run, not at startup.
export default {
  fetch: app.fetch,
  scheduled: async (controller, env, ctx) => (await import('./scheduled.ts')).scheduled(controller, env, ctx),
  queue: async (batch, env, ctx) => (await import('./queue.ts')).queue(batch, env, ctx),
} satisfies ExportedHandler<Env>;
