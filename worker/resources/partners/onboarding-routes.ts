import type { Context } from 'hono';
import { writtenIf } from '../../events/emit-if.ts';
import {
  changeStage,
  insertStageHistoryIfChanged,
  onboardingMilestonesQuery,
  onboardingRowQuery,
  stageHistoryQuery,
  stageHistoryWritten,
  upsertAgreement,
} from '../../../db/queries/onboarding.ts';
import { partnerQuery } from '../../../db/queries/partners.ts';
import type { LifecycleStage } from '../../../db/schema/partners.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { auditInsert } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { notFound, ProblemError, problemType } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import type { AppEnv } from '../../lib/types.ts';
import { userActor } from '../../middleware/auth.ts';
import { checklist, type AtRiskReason } from './onboarding.ts';
import { AgreementSchema, OnboardingSchema, StageChangeSchema } from './onboarding-schemas.ts';

const getRoute = defineRoute(
  { permission: 'partners:view', tenant: 'partner' },
  {
    method: 'get',
    path: '/partners/{id}/onboarding',
    tags: ['Partners'],
    summary: 'Onboarding checklist, lifecycle stage with its history, and an "at risk" proposal (partner users: their own company)',
    request: { params: IdParam },
    responses: { 200: { description: 'Onboarding', content: json(OnboardingSchema) }, ...errorResponses },
  },
);

const agreementRoute = defineRoute(
  { permission: 'partners:manage', tenant: 'partner' },
  {
    method: 'put',
    path: '/partners/{id}/onboarding/agreement',
    tags: ['Partners'],
    summary: 'Tick (or untick) "agreement signed" with its date',
    request: { params: IdParam, body: { required: true, content: json(AgreementSchema) } },
    responses: { 200: { description: 'Onboarding', content: json(OnboardingSchema) }, ...errorResponses },
  },
);

const stageRoute = defineRoute(
  { permission: 'partners:manage', tenant: 'partner' },
  {
    method: 'post',
    path: '/partners/{id}/stage',
    tags: ['Partners'],
    summary: 'Move a partner to another lifecycle stage (recorded in its history; raises partner.stage_changed)',
    request: { params: IdParam, body: { required: true, content: json(StageChangeSchema) } },
    responses: {
      200: { description: 'Onboarding', content: json(OnboardingSchema) },
      ...errorResponses,
      409: { description: 'Already in that stage, or changed meanwhile', content: problemContent },
    },
  },
);

/** The onboarding view's reads, for one batch (scoped to the actor's company for partner users). */
function onboardingReads(c: Context<AppEnv>, id: string) {
  const db = c.get('db');
  const actor = userActor(c.get('actor'));
  const own = isStaffRole(actor.role) ? undefined : actor.partnerId;
  return [partnerQuery(db, id, own), onboardingRowQuery(db, id), onboardingMilestonesQuery(db, id), stageHistoryQuery(db, id)] as const;
}

type Reads = readonly [
  Awaited<ReturnType<typeof partnerQuery>>,
  Awaited<ReturnType<typeof onboardingRowQuery>>,
  Awaited<ReturnType<typeof onboardingMilestonesQuery>>,
  Awaited<ReturnType<typeof stageHistoryQuery>>,
];

function onboardingView([partnerRows, onboardingRows, milestones, history]: Reads) {
  const partner = partnerRows[0];
  if (!partner) throw notFound('No partner company with this id.');
  const row = onboardingRows[0];
  const m = milestones[0];
  return {
    partnerId: partner.id,
    stage: partner.stage,
    checklist: checklist({
      agreementSignedOn: row?.agreementSignedOn ?? null,
      firstInvitationAt: m?.firstInvitationAt ?? null,
      firstUserAt: m?.firstUserAt ?? null,
      firstVerifiedAt: m?.firstVerifiedAt ?? null,
      firstDealAt: m?.firstDealAt ?? null,
    }),
    atRisk: row?.atRiskReasons?.length && row.atRiskProposedAt ? { reasons: row.atRiskReasons as AtRiskReason[], proposedAt: row.atRiskProposedAt.toISOString() } : null,
    history: history.map(({ history: h, actorName }) => ({ from: h.fromStage, to: h.toStage, at: h.at.toISOString(), by: actorName ?? null, reason: h.reason })),
  };
}

export const onboardingRoutes = createRouter()
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const reads = await c.get('db').batch(onboardingReads(c, id));
    return c.json(onboardingView(reads), 200);
  })
  .openapi(agreementRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const { signedOn } = c.req.valid('json');
    const actor = userActor(c.get('actor'));
    const [[partner]] = await db.batch([partnerQuery(db, id)]);
    if (!partner) throw notFound('No partner company with this id.');
    const now = new Date();
    const [, , ...reads] = await db.batch([
      upsertAgreement(db, id, signedOn, actor.userId, now),
      auditInsert(c, { action: 'partner.agreement_signed', objectType: 'partner', objectId: id, partnerId: id, details: { signedOn }, at: now }),
      ...onboardingReads(c, id),
    ]);
    return c.json(onboardingView(reads as unknown as Reads), 200);
  })
  .openapi(stageRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const { stage, reason } = c.req.valid('json');
    const actor = userActor(c.get('actor'));
    const [[partner]] = await db.batch([partnerQuery(db, id)]);
    if (!partner) throw notFound('No partner company with this id.');
    if (partner.stage === stage) throw new ProblemError(409, { type: problemType('invalid-transition'), detail: `The partner is already ${stage}.` });
    const now = new Date();
    const from = partner.stage as LifecycleStage;
    const historyId = newId('stg');
    // History, audit and event only if the guarded stage change happened (a racing change wins once).
    const [changed, , , , ...reads] = await db.batch([
      changeStage(db, id, from, stage, now),
      insertStageHistoryIfChanged(db, { id: historyId, partnerId: id, fromStage: from, toStage: stage, at: now, actorType: 'user', actorId: actor.userId, reason: reason ?? null }),
      ...writtenIf(
        c,
        stageHistoryWritten(historyId),
        { action: 'partner.stage_changed', objectType: 'partner', objectId: id, partnerId: id, details: { from, to: stage, reason: reason ?? null }, at: now },
        { type: 'partner.stage_changed', at: now, partnerId: id, subjectType: 'partner', subjectId: id, data: { partner: { id, name: partner.name }, from, to: stage, reason: reason ?? null } },
      ),
      ...onboardingReads(c, id),
    ]);
    if (changed.length === 0) throw new ProblemError(409, { type: problemType('invalid-transition'), detail: 'The partner\'s stage changed meanwhile; reload and try again.' });
    return c.json(onboardingView(reads as unknown as Reads), 200);
  });
