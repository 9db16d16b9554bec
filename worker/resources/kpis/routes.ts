import { kpiQueries, toKpiInput } from '../../../db/queries/kpis.ts';
import { DAY_MS } from '../../domain/business-time.ts';
import { ACTIVATION_WINDOW_DAYS, computeKpis } from '../../domain/kpis.ts';
import { invalidFields, ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { DEFAULT_KPI_PERIOD_DAYS, KpiQuerySchema, KpisSchema } from './schemas.ts';

const kpisRoute = defineRoute({ permission: 'partners:read' }, {
  method: 'get',
  path: '/kpis',
  tags: ['Program'],
  summary: 'Program KPIs for a period (the deal-based definitions of the product card)',
  // Program KPIs are staff information: the same audience as the partner list.
  request: { query: KpiQuerySchema },
  responses: { 200: { description: 'KPIs for the period', content: json(KpisSchema) }, ...errorResponses },
});

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const kpiRoutes = createRouter().openapi(kpisRoute, async (c) => {
  const query = c.req.valid('query');
  const toDate = query.to ?? isoDay(Date.now());
  const fromDate = query.from ?? isoDay(Date.parse(toDate) - (DEFAULT_KPI_PERIOD_DAYS - 1) * DAY_MS);
  if (fromDate > toDate) {
    // Only `from` alone, later than today (explicit pairs are checked by the schema).
    throw invalidFields([{ field: 'from', message: 'The period cannot start after it ends (`to` defaults to today)' }], 400);
  }
  const to = new Date(Date.parse(toDate) + DAY_MS);
  const period = {
    from: new Date(Date.parse(fromDate)),
    to,
    fromDate,
    toDate,
    activationFrom: new Date(to.getTime() - ACTIVATION_WINDOW_DAYS * DAY_MS),
  };
  const db = c.get('db');
  const results = await db.batch(kpiQueries(db, period));
  return c.json({ period: { from: fromDate, to: toDate }, ...computeKpis(toKpiInput(results)) }, 200);
});
