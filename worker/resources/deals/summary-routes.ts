import { dealSummaryQueries } from '../../../db/queries/deal-summary.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { dealScopeFor } from './rules.ts';
import { DECISION_EVENTS, DealSummarySchema, EXPIRING_LIST_MAX, EXPIRING_WITHIN_DAYS, LATEST_DECISIONS } from './summary-schemas.ts';
import { toDealSummary } from './summary-view.ts';

const summaryRoute = defineRoute({ permission: 'deals:read' }, {
  method: 'get',
  path: '/deals/summary',
  tags: ['Deals'],
  summary: 'Dashboard summary: counts by status, approved pipeline per currency, expiring protection, latest decisions',
  description:
    'Scoped like `GET /deals`: reps see their own registrations, partner admins their company’s, staff and `deals:read` tokens all. Money is reported per currency, never converted.',
  responses: { 200: { description: 'The summary', content: json(DealSummarySchema) }, ...errorResponses },
});

// Mounted before the deals router, so `/deals/{id}` does not capture `/deals/summary`.
export const dealSummaryRoutes = createRouter().openapi(summaryRoute, async (c) => {
  const db = c.get('db');
  const now = new Date();
  // One round trip: the session check rides on this batch (see middleware/session.ts).
  const results = await db.batch(dealSummaryQueries(db, dealScopeFor(c.get('actor')!), now, EXPIRING_WITHIN_DAYS, {
      decisionEvents: DECISION_EVENTS,
      expiringListMax: EXPIRING_LIST_MAX,
      latestDecisions: LATEST_DECISIONS,
    }),
  );
  return c.json(toDealSummary(results, now, EXPIRING_WITHIN_DAYS), 200);
});
