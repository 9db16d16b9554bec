import type { Context } from 'hono';
import type { AppEnv } from '../../lib/types.ts';
import { z } from '@hono/zod-openapi';
import type { BatchItem } from 'drizzle-orm/batch';
import { partnerQuery } from '../../../db/queries/partners.ts';
import {
  applyTier,
  closeProposal,
  insertTier,
  openProposalsQuery,
  partnerHasTier,
  proposalApprovedAt,
  programsByIdQuery,
  proposalPageQuery,
  proposalQuery,
  replaceProgramRequirements,
  setTierRank,
  tierDefinitionsQuery,
  tierProgramRequirementsQuery,
  updateTier,
} from '../../../db/queries/tiers.ts';
import { isStaffRole } from '../../domain/permissions.ts';
import { fromMinor, toMinor } from '../../domain/money.ts';
import { trailingYearStart } from '../certifications/rules.ts';
import { writtenIf } from '../../events/emit-if.ts';
import { emitEvent } from '../../events/emit.ts';
import { auditInsert } from '../../lib/audit.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { newId } from '../../lib/ids.ts';
import { notFound, ProblemError, problemType, type FieldError } from '../../lib/problem.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import { userActor } from '../../middleware/auth.ts';
import { evaluateTier, requirementStatus, revenueIn } from './engine.ts';
import { loadedFacts, proposalView, tierFactStatements, tierRef, tierView, todayOf, toTierDefs } from './facts.ts';
import {
  TierDecisionSchema,
  TierInputSchema,
  TierListSchema,
  TierPatchSchema,
  TierProposalPageSchema,
  TierProposalQuerySchema,
  TierProposalSchema,
  TierReorderSchema,
  TierSchema,
  TierStatusSchema,
} from './schemas.ts';

const conflict409 = (description: string) => ({ 409: { description, content: problemContent } });
const invalid = (errors: FieldError[]) => new ProblemError(422, { type: problemType('validation'), detail: 'Some fields are not valid.', errors });
const nameTaken = () =>
  new ProblemError(409, { type: problemType('duplicate'), detail: 'Another tier already has this name.', errors: [{ field: 'name', message: 'Already used by another tier', code: 'duplicate' }] });

const listRoute = defineRoute(
  { permission: 'partners:view' },
  {
    method: 'get',
    path: '/tiers',
    tags: ['Tiers'],
    summary: 'Program tiers with their requirements and benefits, lowest first',
    responses: { 200: { description: 'Tiers', content: json(TierListSchema) }, ...errorResponses },
  },
);

const createTierRoute = defineRoute(
  { permission: 'tiers:manage' },
  {
    method: 'post',
    path: '/tiers',
    tags: ['Tiers'],
    summary: 'Add a tier (placed above the highest one; reorder to move it)',
    request: { body: { required: true, content: json(TierInputSchema) } },
    responses: { 201: { description: 'Created', content: json(TierSchema) }, ...errorResponses, ...conflict409('Name already used') },
  },
);

const patchTierRoute = defineRoute(
  { permission: 'tiers:manage' },
  {
    method: 'patch',
    path: '/tiers/{id}',
    tags: ['Tiers'],
    summary: 'Edit a tier: name, requirements, benefits (programRequirements replaces the list)',
    request: { params: IdParam, body: { required: true, content: json(TierPatchSchema) } },
    responses: { 200: { description: 'Updated', content: json(TierSchema) }, ...errorResponses, ...conflict409('Name already used') },
  },
);

const reorderRoute = defineRoute(
  { permission: 'tiers:manage' },
  {
    method: 'post',
    path: '/tiers/reorder',
    tags: ['Tiers'],
    summary: 'Reorder the tiers (every tier id, lowest first)',
    request: { body: { required: true, content: json(TierReorderSchema) } },
    responses: { 200: { description: 'The tiers in their new order', content: json(TierListSchema) }, ...errorResponses },
  },
);

const statusRoute = defineRoute(
  { permission: 'partners:view', tenant: 'partner' },
  {
    method: 'get',
    path: '/partners/{id}/tier-status',
    tags: ['Tiers'],
    summary: 'A partner\'s tier, the tier its facts qualify for, and the exact gaps to the next one (partner users: their own company)',
    request: { params: IdParam },
    responses: { 200: { description: 'Tier status', content: json(TierStatusSchema) }, ...errorResponses },
  },
);

const proposalsRoute = defineRoute(
  { permission: 'tiers:manage' },
  {
    method: 'get',
    path: '/tier-proposals',
    tags: ['Tiers'],
    summary: 'Tier changes proposed by the daily job (default: open ones), newest first',
    request: { query: TierProposalQuerySchema },
    responses: { 200: { description: 'A page', content: json(TierProposalPageSchema) }, ...errorResponses },
  },
);

const decisionRoute = (action: 'approve' | 'dismiss', summary: string) =>
  defineRoute(
    { permission: 'tiers:manage' },
    {
      method: 'post',
      path: `/tier-proposals/{id}/${action}`,
      tags: ['Tiers'],
      summary,
      request: { params: IdParam, body: { required: false, content: json(TierDecisionSchema) } },
      responses: { 200: { description: 'Decided', content: json(TierProposalSchema) }, ...errorResponses, ...conflict409('Not open, in its grace period, or the partner\'s tier changed meanwhile') },
    },
  );
const approveRoute = decisionRoute('approve', 'Apply a proposed tier change (downgrades: after the grace period); raises partner.tier_changed');
const dismissRoute = decisionRoute('dismiss', 'Dismiss a proposed tier change (the daily job may propose it again while the facts hold)');

/** Revenue needed, as exact minor units of its currency (422 for more decimals than it has). */
function revenueMinor(amount: number | undefined, currency: string, errors: FieldError[]): number | undefined {
  if (amount === undefined) return undefined;
  const r = toMinor(amount, currency);
  if (!r.ok) {
    errors.push({ field: 'requiredRevenue', message: r.reason === 'too_many_decimals' ? `${currency} has ${r.digits} decimal places` : 'Out of range', code: r.reason });
    return undefined;
  }
  return r.minor;
}

export const tierRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const [tiers, reqs] = await db.batch([tierDefinitionsQuery(db), tierProgramRequirementsQuery(db)]);
    return c.json({ items: toTierDefs(tiers, reqs).map(tierView) }, 200);
  })
  .openapi(reorderRoute, async (c) => {
    const db = c.get('db');
    const { ids } = c.req.valid('json');
    const [tiers, reqs] = await db.batch([tierDefinitionsQuery(db), tierProgramRequirementsQuery(db)]);
    const known = new Set(tiers.map((t) => t.id));
    if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
      throw invalid([{ field: 'ids', message: `List every tier id exactly once (${known.size} tiers)`, code: 'incomplete' }]);
    }
    const now = new Date();
    await db.batch([
      auditInsert(c, { action: 'tiers.reordered', objectType: 'tier', objectId: null, details: { ids }, at: now }),
      ...ids.map((id, i) => setTierRank(db, id, i + 1)),
    ]);
    const after = ids.map((id, i) => ({ ...tiers.find((t) => t.id === id)!, rank: i + 1 }));
    return c.json({ items: toTierDefs(after, reqs).map(tierView) }, 200);
  })
  .openapi(createTierRoute, async (c) => {
    const db = c.get('db');
    const body = c.req.valid('json');
    const errors: FieldError[] = [];
    const minor = revenueMinor(body.requiredRevenue, body.requiredRevenueCurrency, errors) ?? 0;
    const programIds = body.programRequirements.map((p) => p.programId);
    const [tiers, programs] = await db.batch([tierDefinitionsQuery(db), programsByIdQuery(db, programIds)]);
    body.programRequirements.forEach((p, i) => {
      if (!programs.some((x) => x.id === p.programId)) errors.push({ field: `programRequirements.${i}.programId`, message: 'No certification program with this id', code: 'unknown_reference' });
    });
    if (tiers.some((t) => t.name.toLowerCase() === body.name.toLowerCase())) throw nameTaken();
    if (errors.length) throw invalid(errors);
    const now = new Date();
    const row = {
      id: newId('tier'),
      name: body.name,
      rank: Math.max(0, ...tiers.map((t) => t.rank)) + 1,
      protectionDays: body.protectionDays,
      requiredCertifiedPeople: body.requiredCertifiedPeople,
      requiredRevenueMinor: minor,
      requiredRevenueCurrency: body.requiredRevenueCurrency,
      requiredWonDeals: body.requiredWonDeals,
      createdAt: now,
    };
    try {
      await db.batch([
        insertTier(db, row),
        ...replaceProgramRequirements(db, row.id, body.programRequirements),
        auditInsert(c, { action: 'tier.created', objectType: 'tier', objectId: row.id, details: body, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
    const names = new Map(programs.map((p) => [p.id, p.name]));
    return c.json(tierView({ ...row, programRequirements: body.programRequirements.map((p) => ({ ...p, programName: names.get(p.programId) ?? '' })) }), 201);
  })
  .openapi(patchTierRoute, async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const [tiers, reqs, programs] = await db.batch([tierDefinitionsQuery(db), tierProgramRequirementsQuery(db), programsByIdQuery(db, (patch.programRequirements ?? []).map((p) => p.programId))]);
    const current = toTierDefs(tiers, reqs).find((t) => t.id === id);
    if (!current) throw notFound('No tier with this id.');
    const errors: FieldError[] = [];
    const currency = patch.requiredRevenueCurrency ?? current.requiredRevenueCurrency;
    const minor = revenueMinor(patch.requiredRevenue, currency, errors);
    patch.programRequirements?.forEach((p, i) => {
      if (!programs.some((x) => x.id === p.programId)) errors.push({ field: `programRequirements.${i}.programId`, message: 'No certification program with this id', code: 'unknown_reference' });
    });
    if (patch.name && tiers.some((t) => t.id !== id && t.name.toLowerCase() === patch.name!.toLowerCase())) throw nameTaken();
    if (errors.length) throw invalid(errors);
    const { programRequirements, requiredRevenue: _, ...columns } = patch;
    const set = { ...columns, ...(minor !== undefined ? { requiredRevenueMinor: minor } : {}) };
    const now = new Date();
    const statements: BatchItem<'sqlite'>[] = [auditInsert(c, { action: 'tier.updated', objectType: 'tier', objectId: id, details: patch, at: now })];
    if (Object.keys(set).length) statements.push(updateTier(db, id, set));
    if (programRequirements) statements.push(...replaceProgramRequirements(db, id, programRequirements));
    try {
      await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
    const names = new Map(programs.map((p) => [p.id, p.name]));
    return c.json(
      tierView({
        ...current,
        ...set,
        programRequirements: programRequirements ? programRequirements.map((p) => ({ ...p, programName: names.get(p.programId) ?? '' })) : current.programRequirements,
      }),
      200,
    );
  })
  .openapi(statusRoute, async (c) => {
    const db = c.get('db');
    const actor = userActor(c.get('actor'));
    const { id } = c.req.valid('param');
    const own = isStaffRole(actor.role) ? undefined : actor.partnerId;
    const today = todayOf(new Date());
    // ONE round trip: the partner (tenant-scoped), tiers, facts and the open proposal.
    const [partnerRows, ...rest] = await db.batch([partnerQuery(db, id, own), ...tierFactStatements(db, today, id), openProposalsQuery(db, id)]);
    const partner = partnerRows[0];
    if (!partner) throw notFound('No partner company with this id.');
    const proposals = rest.pop() as Awaited<ReturnType<typeof openProposalsQuery>>;
    const loaded = loadedFacts(rest as never);
    const facts = loaded.factsOf(id);
    const evaluation = evaluateTier(loaded.tiers, facts);
    const current = loaded.tiers.find((t) => t.id === partner.tierId) ?? null;
    const countedCurrency = (evaluation.next ?? evaluation.qualifiesFor ?? current)?.requiredRevenueCurrency ?? null;
    return c.json(
      {
        partnerId: id,
        asOf: today,
        tier: tierRef(current),
        qualifiesFor: tierRef(evaluation.qualifiesFor),
        next: tierRef(evaluation.next),
        facts: {
          certifiedPeople: facts.certifiedPeople,
          certifiedByProgram: Object.entries(facts.certifiedByProgram).map(([programId, people]) => ({ programId, programName: facts.programNames[programId] ?? '', people })),
          wonRevenue: {
            perCurrency: [...facts.wonRevenue].sort((a, b) => a.currency.localeCompare(b.currency)).map((r) => ({ currency: r.currency, amount: fromMinor(r.minor, r.currency) })),
            counted: countedCurrency ? { currency: countedCurrency, amount: fromMinor(revenueIn(facts, countedCurrency), countedCurrency) } : null,
          },
          wonDeals: facts.wonDeals,
          window: { from: trailingYearStart(today), to: today },
        },
        requirements: evaluation.next ? requirementStatus(evaluation.next, facts) : [],
        gaps: evaluation.gaps,
        proposal: proposals[0] ? proposalView(proposals[0]) : null,
      },
      200,
    );
  })
  .openapi(proposalsRoute, async (c) => {
    const db = c.get('db');
    const { cursor, limit, status, partnerId } = c.req.valid('query');
    const [rows] = await db.batch([proposalPageQuery(db, status, partnerId, decodeCursor(cursor), limit)]);
    const page = pageFrom(rows, limit, (r) => ({ at: r.proposal.proposedAt.getTime(), id: r.proposal.id }));
    return c.json({ items: page.items.map(proposalView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(approveRoute, async (c) => {
    const db = c.get('db');
    const { row, p, note, now, decision } = await openProposal(c, c.req.valid('param').id, c.req.valid('json'));
    if (p.approvableFrom > now) {
      throw new ProblemError(409, { type: problemType('grace-period'), detail: `A downgrade waits its grace period: it can be applied from ${p.approvableFrom.toISOString()}.`, approvableFrom: p.approvableFrom.toISOString() });
    }
    const from = p.fromTierId ? { id: p.fromTierId, name: row.fromTierName ?? '' } : null;
    const to = p.toTierId ? { id: p.toTierId, name: row.toTierName ?? '' } : null;
    const event = { partner: { id: p.partnerId, name: row.partnerName }, from, to, proposalId: p.id };
    // Tier, proposal, audit and event change together or not at all: the proposal closes only
    // if the partner now has the proposed tier, the audit and event only if it closed now.
    const [applied] = await db.batch([
      applyTier(db, p.id, p.partnerId, p.fromTierId, p.toTierId, now),
      closeProposal(db, p.id, decision('approved'), partnerHasTier(p.partnerId, p.toTierId)),
      ...writtenIf(
        c,
        proposalApprovedAt(p.id, now, decision('approved').decidedBy),
        { action: 'tier_proposal.approved', objectType: 'partner', objectId: p.partnerId, partnerId: p.partnerId, details: { proposalId: p.id, from, to, note }, at: now },
        { type: 'partner.tier_changed', at: now, partnerId: p.partnerId, subjectType: 'partner', subjectId: p.partnerId, data: event },
      ),
    ]);
    if (applied.length === 0) {
      throw new ProblemError(409, { type: problemType('invalid-transition'), detail: 'The partner\'s tier changed since this proposal was made, or it was already decided.' });
    }
    return c.json(proposalView({ ...row, proposal: { ...p, ...decision('approved') } }), 200);
  })
  .openapi(dismissRoute, async (c) => {
    const db = c.get('db');
    const { row, p, note, now, decision } = await openProposal(c, c.req.valid('param').id, c.req.valid('json'));
    const [closed] = await db.batch([
      closeProposal(db, p.id, decision('dismissed')),
      auditInsert(c, { action: 'tier_proposal.dismissed', objectType: 'partner', objectId: p.partnerId, partnerId: p.partnerId, details: { proposalId: p.id, note }, at: now }),
    ]);
    if (closed.length === 0) throw new ProblemError(409, { type: problemType('invalid-transition'), detail: 'This proposal was already decided.' });
    return c.json(proposalView({ ...row, proposal: { ...p, ...decision('dismissed') } }), 200);
  });

/**
 * The open proposal a decision (approve or dismiss) is about: 404 if unknown, 409 if already
 * decided; `decision(status)` is what closing it records.
 */
async function openProposal(c: Context<AppEnv>, id: string, body: z.infer<typeof TierDecisionSchema> | undefined) {
  const db = c.get('db');
  const actor = userActor(c.get('actor'));
  // The body is optional: validated when sent, otherwise no note.
  const note = body?.note ?? null;
  const [[row]] = await db.batch([proposalQuery(db, id)]);
  if (!row) throw notFound('No tier proposal with this id.');
  const p = row.proposal;
  if (p.status !== 'open') throw new ProblemError(409, { type: problemType('invalid-transition'), detail: `This proposal is ${p.status}.` });
  const now = new Date();
  const decision = (status: 'approved' | 'dismissed') => ({ status, decidedAt: now, decidedBy: actor.userId, note });
  return { row, p, note, now, decision };
}
