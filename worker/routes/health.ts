import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { createRouter } from '../lib/router.ts';
import { problemResponse, problemType } from '../lib/problem.ts';
import { ProblemSchema } from '../schemas/common.ts';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.literal('reachable'),
    time: z.iso.datetime(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['System'],
  summary: 'Liveness and database reachability',
  security: [],
  responses: {
    200: { description: 'The worker runs and the database answers', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'The database is unreachable', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export const healthRoutes = createRouter().openapi(route, async (c) => {
  try {
    await c.var.db.run(sql`select 1`);
  } catch {
    return problemResponse(c, 503, {
      type: problemType('database-unreachable'),
      detail: 'The database did not answer.',
      database: 'unreachable',
    }) as never;
  }
  return c.json({ status: 'ok' as const, database: 'reachable' as const, time: new Date().toISOString() }, 200);
});
