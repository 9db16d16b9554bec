import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Db } from '../../../db/client.ts';
import { crmLinkStatements, decisionTargetQuery, decisionTargetsQuery, type DecisionTarget } from '../../../db/queries/deal-decisions.ts';
import { approvalQueueQuery } from '../../../db/queries/deal-queue.ts';
import {
  concurrentChange,
  dealTransition,
  transitionApplied,
  type ChangeActor,
  type DealPatch,
  type DealTransitionPlan,
} from './transition.ts';
import { programSettingsQuery, toProgramSettings, type ProgramSettings } from '../../../db/queries/settings.ts';
import { slaStatus } from '../../domain/business-time.ts';
import { transition, type DealAction, type DealActorKind } from '../../domain/deal-lifecycle.ts';
import { dealEventData, dealView } from '../../domain/deal-view.ts';
import { approvalExpiry, defaultExtendedExpiry, protectionDaysFor } from '../../domain/expiry.ts';
import { fromMinor, toMinor } from '../../domain/money.ts';
import { auditInsert, changeActorOf } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { invalidFields, notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { plural } from '../../lib/plural.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import type { AppEnv } from '../../lib/types.ts';
import { IdParam, errorResponses, problemContent } from '../../lib/schemas.ts';
import {
  ApproveBodySchema,
  BulkDecisionBodySchema,
  BulkDecisionResultSchema,
  DealCrmPatchSchema,
  ExtensionDecisionBodySchema,
  QueuePageSchema,
  QueueQuerySchema,
  RejectBodySchema,
  RequestInfoBodySchema,
  type RejectionCode,
} from './decision-schemas.ts';
import { extensionOutcome } from './rules.ts';
import { DealSchema } from './schemas.ts';
import { rememberEvents } from '../../events/emit.ts';

/**
 * The manager side of deal registration: the approval queue, decisions (single and bulk),
 * extension decisions, and the CRM write-back of won/lost. Every request: one read round trip
 * (session + deal + tier + settings), one write batch (deal + timeline + audit + outbox).
 */

type Ctx = Context<AppEnv>;

const conflictResponse = { description: 'The deal is not in a status that allows this (the problem names the current status)', content: problemContent };
const dealJson = json(DealSchema);
const requiredBody = <T extends z.ZodType>(schema: T) => ({ content: json(schema), required: true });


// ---------------------------------------------------------------------------------------------
// Approval queue

const queueRoute = defineRoute({ permission: 'deals:decide' }, {
  method: 'get',
  path: '/deals/queue',
  tags: ['Deal decisions'],
  summary: 'Pending registrations and open extension requests (`kind`), oldest first, with age and approval-SLA state',
  request: { query: QueueQuerySchema },
  responses: { 200: { description: 'One page of the queue', content: json(QueuePageSchema) }, ...errorResponses },
});

// ---------------------------------------------------------------------------------------------
// Decisions on one deal

const decisionRoute = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  defineRoute({ permission: 'deals:decide', tenant: 'deal' }, {
    method: 'post',
    path: `/deals/{id}/${path}`,
    tags: ['Deal decisions'],
    summary,
    request: { params: IdParam, body: requiredBody(body) },
    responses: { 200: { description: 'The deal after the decision', content: dealJson }, ...errorResponses, 409: conflictResponse },
  });

const approveRoute = decisionRoute(
  'approve',
  "Approve a pending registration; protection runs for the partner tier's protection days",
  ApproveBodySchema,
);
const rejectRoute = decisionRoute('reject', 'Reject a registration with a reason code', RejectBodySchema);
const requestInfoRoute = decisionRoute('request-info', 'Ask the partner for more information', RequestInfoBodySchema);
const extensionRoute = decisionRoute('extension', 'Approve or decline an extension of the protection period', ExtensionDecisionBodySchema);

const bulkRoute = defineRoute({ permission: 'deals:decide' }, {
  method: 'post',
  path: '/deals/bulk-decisions',
  tags: ['Deal decisions'],
  summary: 'Approve or reject up to 100 registrations; answers per id',
  request: { body: requiredBody(BulkDecisionBodySchema) },
  responses: {
    200: { description: 'One result per id, in request order', content: json(BulkDecisionResultSchema) },
    ...errorResponses,
  },
});

// ---------------------------------------------------------------------------------------------
// CRM write-back

// Integration tokens with `deals:write`, and staff from the portal (see the permission table).

const patchRoute = defineRoute({ permission: 'deals:crm-write', tenant: 'deal' }, {
  method: 'patch',
  path: '/deals/{id}',
  tags: ['Deal decisions'],
  summary: 'CRM write-back: mark an approved deal won or lost, and/or record its CRM id',
  description:
    'For integration tokens with the `deals:write` scope (and staff from the portal). `wonAmount` is in the deal\'s currency, major units. Repeating a write-back that already holds answers 200 without a change.',
  request: { params: IdParam, body: requiredBody(DealCrmPatchSchema) },
  responses: { 200: { description: 'The deal after the write-back', content: dealJson }, ...errorResponses, 409: conflictResponse },
});

// ---------------------------------------------------------------------------------------------
// Helpers

function changeActor(c: Ctx): { actor: ChangeActor; by: DealActorKind } {
  const actor = changeActorOf(c);
  return { actor, by: actor.type === 'user' ? 'staff' : 'crm' };
}

/** First round trip of a decision: the deal(s) with partner + tier, and the program settings. */
async function readTargets(db: Db, ids: string[]) {
  const [targets, settingsRows] = await db.batch([
    ids.length === 1 ? decisionTargetQuery(db, ids[0]!) : decisionTargetsQuery(db, ids),
    programSettingsQuery(db),
  ]);
  return { targets, settings: toProgramSettings(settingsRows) };
}

const noDeal = (id: string) => notFound(`No deal ${id}.`);

interface Change {
  target: DecisionTarget;
  action: DealAction;
  by: DealActorKind;
  actor: ChangeActor;
  at: Date;
  patch: DealPatch;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The transition plan (throws the 409 naming the current status when the lifecycle refuses)
 * and the deal as it reads once the batch commits, which is also the outbox event's data.
 */
function planChange(db: Db, { target, action, by, actor, at, patch, reason, details }: Change) {
  const { deal, products, partnerName } = target;
  const step = transition(deal.status, action, by);
  const after = { ...deal, ...patch, status: step.ok ? step.to : deal.status, updatedAt: at };
  const eventData = dealEventData(after, products, { id: deal.partnerId, name: partnerName });
  const plan = dealTransition(db, { deal, action, by, actor, at, patch, reason, details, eventData });
  return { plan, view: dealView(after, products) };
}

/** Second round trip for one change: commit the plan, or 409 when the deal changed meanwhile. */
async function commit(db: Db, plan: DealTransitionPlan) {
  const [updated] = await db.batch(plan.statements);
  if (!transitionApplied(updated)) throw concurrentChange();
}

type Decision = 'approve' | 'reject' | 'request_info';

/** The columns a decision sets besides the status. */
function decisionPatch(
  decision: Decision,
  target: DecisionTarget,
  settings: ProgramSettings,
  at: Date,
  body: { reason?: string; reasonCode?: RejectionCode },
): DealPatch {
  const common = { firstDecisionAt: target.deal.firstDecisionAt ?? at, decisionReason: body.reason ?? null };
  if (decision === 'approve') {
    const days = protectionDaysFor(target.tierProtectionDays, settings.defaultProtectionDays);
    return { ...common, approvedAt: at, expiresAt: approvalExpiry(at, days), rejectionCode: null };
  }
  // The reject and bulk-decision schemas require a reason code for rejections.
  if (decision === 'reject') return { ...common, rejectionCode: body.reasonCode! };
  return common;
}

function decisionChange(c: Ctx, decision: Decision, target: DecisionTarget, settings: ProgramSettings, at: Date, body: { reason?: string; reasonCode?: RejectionCode }): Change {
  const { actor, by } = changeActor(c);
  return {
    target,
    action: decision,
    by,
    actor,
    at,
    patch: decisionPatch(decision, target, settings, at, body),
    reason: body.reason ?? null,
    details: body.reasonCode ? { reasonCode: body.reasonCode } : undefined,
  };
}

async function decideOne(c: Ctx, id: string, decision: Decision, body: { reason?: string; reasonCode?: RejectionCode }) {
  const db = c.get('db');
  const { targets, settings } = await readTargets(db, [id]);
  const target = targets[0];
  if (!target) throw noDeal(id);
  const { plan, view } = planChange(db, decisionChange(c, decision, target, settings, new Date(), body));
  await commit(db, plan);
  rememberEvents(c, [plan.eventId]);
  return view;
}

const badField = (field: string, message: string) => invalidFields([{ field, message }]);

// ---------------------------------------------------------------------------------------------
// Routes

export const dealDecisionRoutes = createRouter()
  .openapi(queueRoute, async (c) => {
    const query = c.req.valid('query');
    const db = c.get('db');
    const after = decodeCursor(query.cursor);
    const [rows, settingsRows] = await db.batch([
      approvalQueueQuery(db, {
        partnerId: query.partnerId,
        tierId: query.tierId,
        region: query.region,
        conflict: query.conflict === undefined ? undefined : query.conflict === 'true',
        after: after ? { queuedAt: new Date(after.at), id: after.id } : undefined,
        limit: query.limit,
      }),
      programSettingsQuery(db),
    ]);
    const { approvalSlaBusinessDays, defaultProtectionDays } = toProgramSettings(settingsRows);
    const now = Date.now();
    const page = pageFrom(rows, query.limit, (r) => ({ at: r.queuedAt.getTime(), id: r.id }));
    return c.json(
      {
        items: page.items.map((r) => {
          // Age and SLA count from when the item joined the queue (the extension request for extensions).
          const sla = slaStatus(r.queuedAt.getTime(), now, approvalSlaBusinessDays);
          const extension = r.status === 'approved';
          return {
            id: r.id,
            kind: extension ? ('extension' as const) : ('registration' as const),
            extensionRequestedAt: extension && r.extensionRequestedAt ? r.extensionRequestedAt.toISOString() : null,
            // What approving with the default would set (the partner asks for "more time", not a date).
            extensionRequestedUntil: extension
              ? defaultExtendedExpiry(r.expiresAt, new Date(now), protectionDaysFor(r.tierProtectionDays, defaultProtectionDays)).toISOString()
              : null,
            status: r.status,
            customerName: r.customerName,
            customerDomain: r.customerDomain,
            country: r.country,
            estimatedValue: fromMinor(r.estimatedValueMinor, r.currency),
            currency: r.currency,
            expectedCloseDate: r.expectedCloseDate,
            submittedAt: r.submittedAt.toISOString(),
            ageHours: sla.ageHours,
            ageBusinessDays: sla.ageBusinessDays,
            slaDueAt: new Date(sla.dueAt).toISOString(),
            slaState: sla.state,
            partner: {
              id: r.partnerId,
              name: r.partnerName,
              region: r.partnerRegion,
              tier: r.tierId && r.tierName ? { id: r.tierId, name: r.tierName } : null,
            },
            hasConflict: r.hasConflict,
            conflictCount: r.conflictCount,
          };
        }),
        nextCursor: page.nextCursor,
        slaBusinessDays: approvalSlaBusinessDays,
      },
      200,
    );
  })
  .openapi(bulkRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.get('db');
    const { targets, settings } = await readTargets(db, body.ids);
    const byId = new Map(targets.map((t) => [t.deal.id, t]));
    const at = new Date();

    type Result = z.infer<typeof BulkDecisionResultSchema>['results'][number];
    const results: Result[] = [];
    const planned: Array<{ index: number; plan: DealTransitionPlan }> = [];
    for (const id of body.ids) {
      const target = byId.get(id);
      if (!target) {
        results.push({ id, ok: false, problem: { type: problemType('not-found'), status: 404, detail: `No deal ${id}.` } });
        continue;
      }
      try {
        const { plan, view } = planChange(db, decisionChange(c, body.action, target, settings, at, body));
        planned.push({ index: results.length, plan });
        results.push({ id, ok: true, status: view.status, expiresAt: view.expiresAt });
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        results.push({
          id,
          ok: false,
          status: target.deal.status,
          problem: { type: err.problem.type ?? 'about:blank', status: err.status, detail: err.problem.detail ?? err.message },
        });
      }
    }

    if (planned.length > 0) {
      const outcomes = await db.batch(planned.flatMap((p) => p.plan.statements) as unknown as Parameters<Db['batch']>[0]);
      let offset = 0;
      for (const { index, plan } of planned) {
        if (!transitionApplied(outcomes[offset])) {
          const problem = concurrentChange();
          results[index] = { id: results[index]!.id, ok: false, problem: { type: problem.problem.type!, status: 409, detail: problem.message } };
        }
        offset += plan.statements.length;
      }
      rememberEvents(c, planned.filter(({ index }) => results[index]!.ok).map(({ plan }) => plan.eventId));
    }
    const succeeded = results.filter((r) => r.ok).length;
    return c.json({ results, succeeded, failed: results.length - succeeded }, 200);
  })
  .openapi(approveRoute, async (c) => c.json(await decideOne(c, c.req.valid('param').id, 'approve', c.req.valid('json')), 200))
  .openapi(rejectRoute, async (c) => c.json(await decideOne(c, c.req.valid('param').id, 'reject', c.req.valid('json')), 200))
  .openapi(requestInfoRoute, async (c) => c.json(await decideOne(c, c.req.valid('param').id, 'request_info', c.req.valid('json')), 200))
  .openapi(extensionRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.get('db');
    const { targets, settings } = await readTargets(db, [id]);
    const target = targets[0];
    if (!target) throw noDeal(id);
    const { deal } = target;
    const at = new Date();
    const { actor, by } = changeActor(c);

    const outcome = extensionOutcome(deal, body, at, protectionDaysFor(target.tierProtectionDays, settings.defaultProtectionDays));
    if (outcome.kind === 'no_request') {
      throw new ProblemError(409, {
        type: problemType('no-extension-request'),
        detail: 'The partner has not asked for an extension of this deal.',
        currentStatus: deal.status,
      });
    }
    if (outcome.kind === 'bad_date') throw badField('newExpiresAt', outcome.message);
    const reason = body.reason ?? null;
    const change: Change =
      outcome.kind === 'decline'
        ? { target, action: 'decline_extension', by, actor, at, patch: outcome.patch, reason }
        : {
            target,
            action: 'extend',
            by,
            actor,
            at,
            patch: outcome.patch,
            reason,
            details: { previousExpiresAt: deal.expiresAt?.toISOString() ?? null, expiresAt: outcome.expiresAt.toISOString() },
          };
    const { plan, view } = planChange(db, change);
    await commit(db, plan);
    rememberEvents(c, [plan.eventId]);
    return c.json(view, 200);
  })
  .openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.get('db');
    const [targets] = await db.batch([decisionTargetQuery(db, id)]);
    const target = targets[0];
    if (!target) throw noDeal(id);
    const { deal, products } = target;
    const at = new Date();
    const { actor, by } = changeActor(c);
    const crmPatch = body.crmId !== undefined && body.crmId !== deal.crmId ? { crmId: body.crmId } : {};

    let stagePatch: DealPatch | null = null;
    if (body.stage === 'won') {
      const won = toMinor(body.wonAmount!, deal.currency);
      if (!won.ok) {
        throw badField(
          'wonAmount',
          won.reason === 'too_many_decimals' ? `${deal.currency} amounts have at most ${plural(won.digits, 'decimal place')}` : 'The amount is too large',
        );
      }
      stagePatch = { wonAmountMinor: won.minor, closeDate: body.closeDate! };
    } else if (body.stage === 'lost') {
      stagePatch = { lostReason: body.lostReason!, ...(body.closeDate ? { closeDate: body.closeDate } : {}) };
    }
    // A CRM retrying a write-back that already holds is answered like a CRM-id-only update, not a 409.
    const stageHolds =
      stagePatch !== null && deal.status === body.stage && Object.entries(stagePatch).every(([k, v]) => deal[k as keyof typeof deal] === v);

    if (body.stage && stagePatch && !stageHolds) {
      const { plan, view } = planChange(db, {
        target,
        action: body.stage === 'won' ? 'win' : 'lose',
        by,
        actor,
        at,
        patch: { ...stagePatch, ...crmPatch },
        reason: body.stage === 'lost' ? body.lostReason : null,
        details: body.stage === 'won' ? { wonAmount: body.wonAmount, currency: deal.currency, closeDate: body.closeDate, ...crmPatch } : crmPatch,
      });
      await commit(db, plan);
      rememberEvents(c, [plan.eventId]);
      return c.json(view, 200);
    }

    // CRM id alone: not a lifecycle change (no outbox event; the CRM set it), but it is on
    // the timeline and in the audit log like every other change. Last writer wins.
    if (!crmPatch.crmId) return c.json(dealView(deal, products), 200);
    const after = { ...deal, crmId: crmPatch.crmId, updatedAt: at };
    await db.batch([
      ...crmLinkStatements(db, deal, crmPatch.crmId, actor, at),
      auditInsert(c, { action: 'deal.crm_linked', objectType: 'deal', objectId: deal.id, partnerId: deal.partnerId, at, details: { crmId: crmPatch.crmId, previousCrmId: deal.crmId } }),
    ]);
    return c.json(dealView(after, products), 200);
  });
