import type { Db } from '../../../db/client.ts';
import { dealTransitionStatements, type DealTransitionInput, type DealTransitionPlan } from '../../../db/queries/deal-transitions.ts';
import { previousChanged } from '../../../db/queries/insert-where.ts';
import { resolvedAuditInsert } from '../../lib/audit.ts';
import { transition, type DealAction, type DealActorKind } from '../../domain/deal-lifecycle.ts';
import { ProblemError, problemType } from '../../lib/problem.ts';

export { transitionApplied, type ChangeActor, type DealPatch, type DealTransitionPlan } from '../../../db/queries/deal-transitions.ts';

export interface DealActionInput extends DealTransitionInput {
  action: DealAction;
  by: DealActorKind;
}

/**
 * Apply a lifecycle action to a deal: asks the lifecycle rules, then builds the statements
 * (row update, timeline, audit, outbox) for ONE `db.batch`.
 *
 * Throws ProblemError 409 (`invalid-transition`) when `transition()` refuses the action,
 * 403 when this kind of actor may never take it.
 *
 * @example
 *   const plan = dealTransition(db, { deal, action: 'withdraw', by: 'partner', actor, reason, eventData });
 *   const [updated] = await db.batch(plan.statements);
 *   if (!transitionApplied(updated)) throw concurrentChange();
 */
export function dealTransition(db: Db, input: DealActionInput): DealTransitionPlan {
  const result = transition(input.deal.status, input.action, input.by);
  if (!result.ok) {
    if (result.reason === 'not_allowed_for_actor') {
      throw new ProblemError(403, { type: problemType('forbidden'), detail: `You cannot ${input.action.replace('_', ' ')} a deal.` });
    }
    throw new ProblemError(409, {
      type: problemType('invalid-transition'),
      detail: `A deal in status "${input.deal.status}" cannot be changed by "${input.action}".`,
      status: 409,
      currentStatus: input.deal.status,
      allowedFrom: result.allowedFrom,
    });
  }
  // One instant for the row, its timeline, audit and outbox entries.
  const at = input.at ?? new Date();
  const audit = resolvedAuditInsert(
    db,
    {
      action: result.event,
      objectType: 'deal',
      objectId: input.deal.id,
      partnerId: input.deal.partnerId,
      actor: input.actor,
      at,
      details: { from: input.deal.status, to: result.to, reason: input.reason ?? undefined, ...input.details },
    },
    previousChanged(),
  );
  return dealTransitionStatements(db, { ...input, at }, result, audit);
}

/** 409 for a deal that changed between the read and the write. */
export const concurrentChange = () =>
  new ProblemError(409, {
    type: problemType('concurrent-change'),
    detail: 'The deal changed while you were working on it. Reload it and try again.',
  });
