import { z } from '@hono/zod-openapi';
import { pingDatabase } from '../../../db/queries/health.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { problemResponse, problemType } from '../../lib/problem.ts';
import { ProblemSchema } from '../../lib/schemas.ts';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.literal('reachable'),
    time: z.iso.datetime(),
  })
  .openapi('Health');

const route = defineRoute({ permission: null }, {
  method: 'get',
  path: '/health',
  tags: ['System'],
  summary: 'Liveness and database reachability',
  security: [],
  responses: {
    200: { description: 'The worker runs and the database answers', content: json(HealthSchema) },
    503: { description: 'The database is unreachable', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

const PingSchema = z.object({ pong: z.literal(true) }).openapi('Ping');

// No database work: the baseline the benchmarks (test/bench) compare every route against.
const ping = defineRoute({ permission: null }, {
  method: 'get',
  path: '/ping',
  tags: ['System'],
  summary: 'Liveness of the worker alone (no database)',
  security: [],
  responses: {
    200: { description: 'The worker runs', content: json(PingSchema) },
  },
});

export const healthRoutes = createRouter()
  .openapi(ping, (c) => c.json({ pong: true as const }, 200))
  .openapi(route, async (c) => {
    try {
      await pingDatabase(c.get('db'));
    } catch {
      return problemResponse(c, 503, {
        type: problemType('database-unreachable'),
        detail: 'The database did not answer.',
        database: 'unreachable',
      }) as never;
    }
    return c.json({ status: 'ok' as const, database: 'reachable' as const, time: new Date().toISOString() }, 200);
  });
