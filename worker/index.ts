import { createApp } from './app.ts';
import type { Env } from './env.ts';
import { scheduled } from './scheduled.ts';
import { queue } from './queue.ts';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env>;
