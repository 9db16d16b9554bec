import type { SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { deals } from '../../../db/schema/deals.ts';
import { conflictFlagQuery, flagOtherSides, lateConflictStatements } from '../../../db/queries/conflict-symmetry.ts';
import {
  CANDIDATE_LIMIT,
  conflictRows,
  customerCandidatesQuery,
  dealCandidatesQuery,
  dealConflictsQuery,
  noConflictsQuery,
  storedCustomerKeys,
} from '../../../db/queries/conflicts.ts';
import { concurrentChange, dealTransition, transitionApplied, type DealPatch } from './transition.ts';
import {
  dealForActorQuery,
  dealPageQuery,
  dealTimelineQuery,
  dealSortKind,
  dealSortValue,
  idempotencyQuery,
  listSort,
  partnerNameQuery,
  registrationStatements,
  replaceDealDetailsStatements,
  transitionWon,
} from '../../../db/queries/deals.ts';
import { productsByIdsQuery } from '../../../db/queries/products.ts';
import { programSettingsQuery, toProgramSettings } from '../../../db/queries/settings.ts';
import { defaultExtendedExpiry, protectionDaysFor } from '../../domain/expiry.ts';
import type { Actor, UserActor } from '../../domain/actor.ts';
import { conflictsToRecord, findConflicts, nameKey, nameToken, precheck, registrableDomain } from '../../domain/customer-match.ts';
import type { DealAction } from '../../domain/deal-lifecycle.ts';
import { dealEventData, dealEventView, dealView, type ProductRef } from '../../domain/deal-view.ts';
import { fromMinor, toMinor } from '../../domain/money.ts';
import { auditInsert } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { invalidFields, notFound, ProblemError, problemType, type FieldError } from '../../lib/problem.ts';
import { plural } from '../../lib/plural.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { createRouter } from '../../lib/router.ts';
import { canonicalJson, dealScopeFor, idempotencyOutcome, isStaffActor, isValidIdempotencyKey, mergeResubmission } from './rules.ts';
import type { AppEnv } from '../../lib/types.ts';
import { userActor } from '../../middleware/auth.ts';
import { errorResponses, IdParam, problemContent } from '../../lib/schemas.ts';
import {
  DealDetailSchema,
  DealInputSchema,
  DealListQuerySchema,
  DealPageSchema,
  DealSchema,
  ExtensionRequestSchema,
  PrecheckQuerySchema,
  PrecheckSchema,
  ResubmitSchema,
  WithdrawSchema,
  type DealInput,
} from './schemas.ts';
import { rememberEvents } from '../../events/emit.ts';

type DealRow = typeof deals.$inferSelect;

const invalid = (errors: FieldError[]) => invalidFields(errors);
const dealNotFound = () => notFound('No deal with that id.');

/** The partner user taking a partner action (registration, withdrawal, …). */
function partnerActor(actor: Actor | null): UserActor & { partnerId: string } {
  const user = userActor(actor);
  if (!user.partnerId) throw new ProblemError(403, { type: problemType('forbidden'), detail: 'Only partner users register deals.' });
  return user as UserActor & { partnerId: string };
}

/** SHA-256 (hex) of the canonical body, so the same request retried hashes the same. */
async function requestHash(body: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(body)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const keyReused = () =>
  new ProblemError(422, {
    type: problemType('idempotency-key-reused'),
    detail: 'This Idempotency-Key was already used for a different request. Use a new key for a new registration.',
  });

const replayed = (answer: { status: number; body: string }) =>
  new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });

/** Products by id, all found and active, in the order asked; field errors otherwise. */
function pickProducts(ids: readonly string[], rows: { id: string; name: string; sku: string; active: boolean }[]): ProductRef[] {
  const byId = new Map(rows.map((p) => [p.id, p]));
  const errors = ids.flatMap((id, i): FieldError[] =>
    byId.get(id)?.active ? [] : [{ field: `products.${i}`, message: `Unknown or retired product "${id}"`, code: 'unknown_product' }],
  );
  if (errors.length) throw invalid(errors);
  return ids.map((id) => byId.get(id)!);
}

function minorOrThrow(value: number, currency: string): number {
  const minor = toMinor(value, currency);
  if (!minor.ok) {
    const message = minor.reason === 'too_many_decimals' ? `${currency} amounts have at most ${plural(minor.digits, 'decimal place')}` : 'The amount is too large';
    throw invalid([{ field: 'estimatedValue', message, code: 'custom' }]);
  }
  return minor.minor;
}

function customerKeys(name: string, domain: string) {
  return { domain: registrableDomain(domain)!, nameKey: nameKey(name), nameToken: nameToken(name) };
}

// ---- routes -----------------------------------------------------------------------------

const registerRoute = defineRoute({ permission: 'deals:register' }, {
  method: 'post',
  path: '/deals',
  tags: ['Deals'],
  summary: 'Register a deal',
  description:
    'Registers a deal for the signed-in partner user. Send an `Idempotency-Key` header to make retries safe: a retry with the same key answers the first result and creates nothing.',
  request: {
    headers: z.object({ 'idempotency-key': z.string().optional() }),
    body: { required: true, content: json(DealInputSchema) },
  },
  responses: {
    201: { description: 'Registered', content: json(DealSchema) },
    ...errorResponses,
    409: { description: 'A concurrent retry with the same Idempotency-Key', content: problemContent },
  },
});

const precheckRoute = defineRoute({ permission: 'deals:register' }, {
  method: 'get',
  path: '/deals/precheck',
  tags: ['Deals'],
  summary: 'Is this customer free to register?',
  description: 'Answers whether a customer is clear, protected by a registration (never by whom) or already a customer.',
  request: { query: PrecheckQuerySchema },
  responses: { 200: { description: 'Pre-check result', content: json(PrecheckSchema) }, ...errorResponses },
});

const listRoute = defineRoute({ permission: 'deals:read' }, {
  method: 'get',
  path: '/deals',
  tags: ['Deals'],
  summary: 'List deals',
  description:
    'Reps see their own registrations, partner admins their company’s, staff and `deals:read` tokens all. Staff filters: `partnerId`, `conflict`, `updatedSince` (then ordered by last change, oldest first, for incremental sync).',
  request: { query: DealListQuerySchema },
  responses: { 200: { description: 'A page of deals', content: json(DealPageSchema) }, ...errorResponses },
});

const getRoute = defineRoute({ permission: 'deals:read', tenant: 'deal' }, {
  method: 'get',
  path: '/deals/{id}',
  tags: ['Deals'],
  summary: 'A deal with products, timeline and (staff) conflicts',
  request: { params: IdParam },
  responses: { 200: { description: 'The deal', content: json(DealDetailSchema) }, ...errorResponses },
});

const actionRoute = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  defineRoute({ permission: 'deals:register', tenant: 'deal' }, {
    method: 'post',
    path: `/deals/{id}/${path}`,
    tags: ['Deals'],
    summary,
    request: { params: IdParam, body: { required: true, content: json(body) } },
    responses: {
      200: { description: 'The deal after the change', content: json(DealSchema) },
      ...errorResponses,
      409: { description: 'Not possible in the deal’s current status', content: problemContent },
    },
  });

const withdrawRoute = actionRoute('withdraw', 'Withdraw a registration', WithdrawSchema);
const resubmitRoute = actionRoute('resubmit', 'Answer an information request (update fields, add a message)', ResubmitSchema);
const extensionRoute = actionRoute('extension-request', 'Ask for a longer protection period', ExtensionRequestSchema);

/**
 * Reads the deal an action targets (scoped to the actor) plus any extra reads, in one round trip.
 */
async function readDealFor(db: Db, actor: Actor, id: string) {
  const [rows] = await db.batch([dealForActorQuery(db, dealScopeFor(actor), id)]);
  const found = rows[0];
  if (!found) throw dealNotFound();
  return found;
}

/** Writes a partner action's transition batch and answers with the changed deal. */
async function applyPartnerAction(
  c: Context<AppEnv>,
  actor: UserActor,
  found: { deal: DealRow; products: ProductRef[]; partnerName: string },
  action: DealAction,
  opts: { patch?: DealPatch; reason?: string | null; details?: Record<string, unknown>; products?: ProductRef[]; extra?: (db: Db, at: Date, won: SQL) => ReturnType<typeof replaceDealDetailsStatements> },
) {
  const db = c.get('db');
  const ip = c.get('clientIp');
  const at = new Date();
  const products = opts.products ?? found.products;
  let after = found.deal;
  const plan = dealTransition(db, {
    deal: found.deal,
    action,
    by: 'partner',
    actor: { type: 'user', id: actor.userId, ip },
    at,
    patch: opts.patch,
    reason: opts.reason,
    details: opts.details,
    // The event carries the deal as it is after the change.
    eventData: (to) => {
      after = { ...found.deal, ...opts.patch, status: to, updatedAt: at } as DealRow;
      return dealEventData(after, products, { id: found.deal.partnerId, name: found.partnerName });
    },
  });
  const [updated] = await db.batch([...plan.statements, ...(opts.extra ? opts.extra(db, at, transitionWon(plan.eventId)) : [])]);
  if (!transitionApplied(updated)) throw concurrentChange();
  // Hand the event to the webhook queue now; the cron sweep covers a crash before this.
  rememberEvents(c, [plan.eventId]);
  return dealView(after, products);
}

export const dealRoutes = createRouter()
  .openapi(registerRoute, async (c) => {
    const actor = partnerActor(c.get('actor'));
    const db = c.get('db');
    const body = c.req.valid('json');
    const idemKey = c.req.header('idempotency-key');
    if (idemKey !== undefined && !isValidIdempotencyKey(idemKey)) {
      throw new ProblemError(400, {
        type: problemType('validation'),
        detail: 'Idempotency-Key must be 1–255 visible ASCII characters.',
        errors: [{ field: 'Idempotency-Key', message: 'Invalid header value', code: 'invalid_header' }],
      });
    }
    const scope = `user:${actor.userId}`;
    // Only a keyed request is ever compared with a stored answer.
    const hash = idemKey === undefined ? '' : await requestHash(body);
    const keys = customerKeys(body.customerName, body.customerDomain);

    // Round trip 1: conflict candidates, products, the stored idempotent answer, the partner.
    const [dealCandidates, customerCandidates, productRows, stored, partner] = await db.batch([
      dealCandidatesQuery(db, keys),
      customerCandidatesQuery(db, keys),
      productsByIdsQuery(db, body.products),
      idempotencyQuery(db, scope, idemKey ?? ''),
      partnerNameQuery(db, actor.partnerId),
    ]);
    const outcome = idempotencyOutcome(idemKey, stored[0], hash);
    if (outcome.kind === 'reused') throw keyReused();
    if (outcome.kind === 'replay') return replayed(outcome) as never;

    const products = pickProducts(body.products, productRows);
    const minor = minorOrThrow(body.estimatedValue, body.currency);
    const now = new Date();
    const id = newId('dl');
    const found = findConflicts(
      { registrableDomain: keys.domain, nameKey: keys.nameKey },
      actor.partnerId,
      { deals: dealCandidates, customers: customerCandidates },
      now,
    );
    const row = newDealRow(body, { id, partnerId: actor.partnerId, createdBy: actor.userId, minor, keys, now, conflict: found.length > 0 });
    const view = dealView(row, products);
    const conflicts = conflictRows(id, conflictsToRecord(found), now);
    const registration = {
      row,
      products,
      conflicts,
      actor,
      audit: auditInsert(c, {
        action: 'deal.registered',
        objectType: 'deal',
        objectId: id,
        partnerId: row.partnerId,
        details: { customerName: row.customerName, registrableDomain: row.registrableDomain, conflicts: conflicts.map((f) => f.reason) },
        at: now,
      }),
      eventId: newId('evt'),
      eventData: { ...view, partner: { id: actor.partnerId, name: partner[0]?.name ?? '' } },
      timelineId: newId('dev'),
      idempotency: idemKey ? { scope, key: idemKey, requestHash: hash, status: 201, body: JSON.stringify(view) } : null,
    };
    // Round trip 2: the deal, its products, conflicts, timeline, audit, outbox event and idempotent
    // answer; then, in the same transaction, conflicts with registrations committed since round
    // trip 1 and the flag on the other side of every pair (db/queries/conflict-symmetry.ts).
    const statements = registrationStatements(db, registration);
    statements.push(
      ...lateConflictStatements(db, {
        dealId: id,
        partnerId: actor.partnerId,
        keys,
        scoredIds: dealCandidates.map((d) => d.id),
        candidatesTruncated: dealCandidates.length >= CANDIDATE_LIMIT,
        foundDealIds: found.flatMap((f) => (f.conflictingDealId ? [f.conflictingDealId] : [])),
        at: now,
        eventId: registration.eventId,
        idempotency: idemKey ? { scope, key: idemKey } : null,
      }),
      conflictFlagQuery(db, id),
    );
    let flagged: boolean;
    try {
      const results = await db.batch(statements);
      flagged = (results.at(-1) as { hasConflict: boolean }[])[0]?.hasConflict ?? row.hasConflict;
    } catch (err) {
      if (idemKey && isUniqueViolation(err)) {
        throw new ProblemError(409, {
          type: problemType('idempotency-in-progress'),
          detail: 'A request with this Idempotency-Key is being processed. Retry it in a moment to get its answer.',
        });
      }
      throw err;
    }
    rememberEvents(c, [registration.eventId]);
    c.header('location', `/api/v1/deals/${id}`);
    return c.json({ ...view, conflict: flagged }, 201);
  })

  .openapi(precheckRoute, async (c) => {
    const db = c.get('db');
    const q = c.req.valid('query');
    const domain = q.domain ? registrableDomain(q.domain) : null;
    const key = q.company ? nameKey(q.company) : null;
    const token = q.company ? nameToken(q.company) : null;
    const lookup = { domain, nameKey: key || null, nameToken: token || null };
    const [dealCandidates, customerCandidates] = await db.batch([dealCandidatesQuery(db, lookup), customerCandidatesQuery(db, lookup)]);
    const actor = c.get('actor');
    const viewer = actor?.kind === 'user' ? { partnerId: actor.partnerId, userId: actor.userId, seesCompany: actor.role === 'partner_admin' } : undefined;
    return c.json(precheck({ registrableDomain: domain, nameKey: key || null }, { deals: dealCandidates, customers: customerCandidates }, new Date(), viewer), 200);
  })

  .openapi(listRoute, async (c) => {
    const actor = c.get('actor')!;
    const db = c.get('db');
    const query = c.req.valid('query');
    const sort = listSort(query, isStaffActor(actor));
    const position = decodeCursor(query.cursor, { key: dealSortKind(sort), tag: sort });
    const [rows] = await db.batch([dealPageQuery(db, dealScopeFor(actor), query, position)]);
    const page = pageFrom(rows, query.limit, (r) => ({ at: dealSortValue(sort, r.deal), id: r.deal.id }), sort);
    return c.json({ items: page.items.map((r) => dealView(r.deal, r.products)), nextCursor: page.nextCursor }, 200);
  })

  .openapi(getRoute, async (c) => {
    const actor = c.get('actor')!;
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const staff = isStaffActor(actor);
    const [rows, timeline, conflicts, settingsRows] = await db.batch([
      dealForActorQuery(db, dealScopeFor(actor), id),
      dealTimelineQuery(db, dealScopeFor(actor), id),
      // Partners never see who else registered the customer: only staff read conflicts.
      staff ? dealConflictsQuery(db, id) : noConflictsQuery(db),
      programSettingsQuery(db),
    ]);
    const found = rows[0];
    if (!found) throw dealNotFound();
    const deal = found.deal;
    const openExtension = deal.status === 'approved' && deal.extensionRequestedAt !== null;
    const days = protectionDaysFor(found.tierProtectionDays, toProgramSettings(settingsRows).defaultProtectionDays);
    return c.json(
      {
        ...dealView(found.deal, found.products),
        timeline: timeline.map((t) => dealEventView(t.event, t.actorName)),
        extensionPreviewExpiresAt: openExtension ? defaultExtendedExpiry(deal.expiresAt, new Date(), days).toISOString() : null,
        ...(staff ? { conflicts: uniqueConflicts(conflicts as Awaited<ReturnType<typeof dealConflictsQuery>>).map(conflictView) } : {}),
      },
      200,
    );
  })

  .openapi(withdrawRoute, async (c) => {
    const actor = partnerActor(c.get('actor'));
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const found = await readDealFor(c.get('db'), actor, id);
    return c.json(await applyPartnerAction(c, actor, found, 'withdraw', { reason: reason ?? null }), 200);
  })

  .openapi(extensionRoute, async (c) => {
    const actor = partnerActor(c.get('actor'));
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const found = await readDealFor(c.get('db'), actor, id);
    const patch: DealPatch = { extensionRequestedAt: new Date(), extensionReason: reason };
    return c.json(await applyPartnerAction(c, actor, found, 'request_extension', { patch, reason }), 200);
  })

  .openapi(resubmitRoute, async (c) => {
    const actor = partnerActor(c.get('actor'));
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const { message, ...changes } = c.req.valid('json');
    // Keys of the customer after the change: new values, or the stored ones (read in the same statement).
    const stored = storedCustomerKeys(id);
    const lookup = {
      domain: changes.customerDomain ? registrableDomain(changes.customerDomain)! : stored.domain,
      nameKey: changes.customerName ? nameKey(changes.customerName) : stored.nameKey,
      nameToken: changes.customerName ? nameToken(changes.customerName) : stored.nameToken,
    };
    const [rows, dealCandidates, customerCandidates, productRows] = await db.batch([
      dealForActorQuery(db, dealScopeFor(actor), id),
      dealCandidatesQuery(db, lookup),
      customerCandidatesQuery(db, lookup),
      productsByIdsQuery(db, changes.products ?? []),
    ]);
    const found = rows[0];
    if (!found) throw dealNotFound();
    const deal = found.deal;
    const products = changes.products ? pickProducts(changes.products, productRows) : null;
    const merged = mergeResubmission(deal, fromMinor(deal.estimatedValueMinor, deal.currency), changes);
    const { estimatedValue, ...fields } = merged;
    const minor = minorOrThrow(estimatedValue, merged.currency);
    const keys = customerKeys(merged.customerName, merged.customerDomain);
    const now = new Date();
    const conflicts = findConflicts(
      { registrableDomain: keys.domain, nameKey: keys.nameKey },
      deal.partnerId,
      { deals: dealCandidates, customers: customerCandidates },
      now,
      deal.id,
    );
    const patch: DealPatch = {
      ...fields,
      registrableDomain: keys.domain,
      customerNameKey: keys.nameKey,
      customerNameToken: keys.nameToken,
      estimatedValueMinor: minor,
      hasConflict: conflicts.length > 0,
    };
    const view = await applyPartnerAction(c, actor, found, 'resubmit', {
      patch,
      reason: message,
      details: { changed: Object.keys(changes), conflicts: conflicts.map((f) => f.reason) },
      products: products ?? undefined,
      extra: (d, at, won) => [
        ...replaceDealDetailsStatements(d, deal.id, products, conflictRows(deal.id, conflictsToRecord(conflicts), now), won),
        // The other side of each conflict is flagged too, if this resubmission is the change that won.
        ...flagOtherSides(
          d,
          deal.id,
          conflicts.flatMap((f) => (f.conflictingDealId ? [f.conflictingDealId] : [])),
          at,
          won,
        ),
      ],
    });
    return c.json(view, 200);
  });

function newDealRow(
  body: DealInput,
  o: { id: string; partnerId: string; createdBy: string; minor: number; keys: ReturnType<typeof customerKeys>; now: Date; conflict: boolean },
): DealRow {
  return {
    id: o.id,
    partnerId: o.partnerId,
    createdBy: o.createdBy,
    customerName: body.customerName,
    customerNameKey: o.keys.nameKey,
    customerNameToken: o.keys.nameToken,
    customerDomain: body.customerDomain,
    registrableDomain: o.keys.domain,
    contactName: body.contactName,
    contactEmail: body.contactEmail,
    contactTitle: body.contactTitle ?? null,
    country: body.country,
    estimatedValueMinor: o.minor,
    currency: body.currency,
    expectedCloseDate: body.expectedCloseDate,
    notes: body.notes ?? null,
    status: 'submitted',
    hasConflict: o.conflict,
    submittedAt: o.now,
    firstDecisionAt: null,
    approvedAt: null,
    expiresAt: null,
    expiringNotifiedAt: null,
    extensionRequestedAt: null,
    extensionReason: null,
    rejectionCode: null,
    decisionReason: null,
    wonAmountMinor: null,
    closeDate: null,
    lostReason: null,
    crmId: null,
    createdAt: o.now,
    updatedAt: o.now,
  };
}

/** One entry per other deal (or customer): a pair may be recorded from both sides after a resubmission. */
function uniqueConflicts<T extends { dealId: string | null; customerId: string | null }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = r.dealId ?? `customer:${r.customerId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function conflictView(r: Awaited<ReturnType<typeof dealConflictsQuery>>[number]) {
  const other = r.otherDeal;
  return {
    dealId: r.dealId,
    customerId: r.customerId,
    partnerId: other?.partnerId ?? null,
    partnerName: r.partnerName,
    reason: r.reason,
    score: r.score,
    customerName: other?.customerName ?? r.customerName ?? '',
    status: other?.status ?? null,
    submittedAt: other?.submittedAt ? other.submittedAt.toISOString() : null,
    expiresAt: other?.expiresAt ? other.expiresAt.toISOString() : null,
    estimatedValue: other && other.estimatedValueMinor !== null && other.currency ? fromMinor(other.estimatedValueMinor, other.currency) : null,
    currency: other?.currency ?? null,
  };
}
