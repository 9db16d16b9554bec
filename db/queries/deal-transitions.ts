import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client.ts';
import { dealEvents, deals, events, type DealStatus } from '../schema/index.ts';
import { newId } from '../ids.ts';
import { insertIfPreviousChanged } from './insert-where.ts';

/** Who made a change, as the timeline, audit log and outbox record it. */
export interface ChangeActor {
  type: 'user' | 'token' | 'system';
  /** users.id / integration token id; null for the system (cron). */
  id: string | null;
  ip?: string | null;
}

/** Columns a transition may change besides status/updatedAt (e.g. approvedAt + expiresAt on approve). */
export type DealPatch = Partial<Omit<typeof deals.$inferInsert, 'id' | 'partnerId' | 'status' | 'createdAt' | 'updatedAt'>>;

export interface DealTransitionInput {
  /** The deal as read in the request's first round trip (its updatedAt is the optimistic lock). */
  deal: { id: string; partnerId: string; status: DealStatus; updatedAt: Date };
  actor: ChangeActor;
  /** When the change happens; becomes deals.updated_at and every row's timestamp. Default now. */
  at?: Date;
  patch?: DealPatch;
  /** Shown on the timeline (decision reason, withdrawal reason, partner's message, …). */
  reason?: string | null;
  /** Extra JSON for the timeline row and the audit entry. */
  details?: Record<string, unknown>;
  /**
   * The outbox event's `data`: the deal as the API shows it to staff *after* the change, plus
   * `partner: {id, name}` (build it with worker/domain/deal-view.ts `dealEventData`). A function
   * receives the status the deal moves to, for payloads that depend on it.
   */
  eventData: Record<string, unknown> | ((to: DealStatus) => Record<string, unknown>);
}

export interface DealTransitionPlan {
  /** Hand these to `db.batch([...])` (you may append your own statements after them). */
  statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
  to: DealStatus;
  event: string;
  eventId: string;
}

/** A transition the lifecycle rules allowed (worker/domain/deal-lifecycle.ts `transition`). */
export interface AllowedTransition {
  to: DealStatus;
  /** The event type: the timeline row's type, the audit action and the outbox event. */
  event: string;
}

/**
 * The statements of an allowed lifecycle change: the row update, its deal_events timeline row,
 * its audit_log row (`audit`) and its outbox `events` row, for ONE `db.batch`. The rules (who may do what
 * from which status) are the worker's: call worker/resources/deals/transition.ts `dealTransition`.
 *
 * The update is guarded by the status and updatedAt read earlier; the three inserts run only
 * when that update changed the row (`changes() = 1` chains through them), so a concurrent
 * change makes the whole plan a no-op instead of writing a timeline entry for a change that
 * never happened. After the batch, call `transitionApplied(results[0])`; false → answer 409.
 */
export function dealTransitionStatements(
  db: Db,
  input: DealTransitionInput,
  result: AllowedTransition,
  /** The audit entry (built by worker/lib/audit.ts with `input.at`), guarded on the timeline row before it: `changes() = 1`. */
  audit: BatchItem<'sqlite'>,
): DealTransitionPlan {
  const at = input.at ?? new Date();
  const { deal, actor } = input;
  const eventId = newId('evt');

  const update = db
    .update(deals)
    .set({ ...input.patch, status: result.to, updatedAt: at })
    .where(and(eq(deals.id, deal.id), eq(deals.status, deal.status), eq(deals.updatedAt, deal.updatedAt)))
    .returning({ id: deals.id });

  const timeline = insertIfPreviousChanged(db, dealEvents, {
    id: newId('dev'),
    dealId: deal.id,
    at,
    actorType: actor.type,
    actorId: actor.id,
    type: result.event,
    fromStatus: deal.status,
    toStatus: result.to,
    reason: input.reason ?? null,
    details: input.details ?? null,
  });
  const outbox = insertIfPreviousChanged(db, events, {
    id: eventId,
    type: result.event,
    occurredAt: at,
    partnerId: deal.partnerId,
    subjectType: 'deal',
    subjectId: deal.id,
    data: typeof input.eventData === 'function' ? input.eventData(result.to) : input.eventData,
    enqueuedAt: null,
  });
  return { statements: [update, timeline, audit, outbox], to: result.to, event: result.event, eventId };
}

/** True when the guarded update of a `dealTransition` plan changed the deal. */
export function transitionApplied(updateResult: unknown): boolean {
  return Array.isArray(updateResult) && updateResult.length === 1;
}
