import type { Context } from 'hono';
import { insertStageHistory } from '../../../db/queries/onboarding.ts';
import type { LifecycleStage } from '../../../db/schema/partners.ts';
import { emitEvent } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import type { AppEnv } from '../../lib/types.ts';

/** History row and `partner.stage_changed` event of a stage change made by the request's user. */
export function stageChangeStatements(c: Context<AppEnv>, partner: { id: string; name: string }, from: LifecycleStage, to: LifecycleStage, at: Date, reason: string | null = null) {
  const actor = c.get('actor');
  return [
    insertStageHistory(c.get('db'), { id: newId('stg'), partnerId: partner.id, fromStage: from, toStage: to, at, actorType: actor?.kind ?? 'system', actorId: actor?.kind === 'user' ? actor.userId : null, reason }),
    emitEvent(c, { type: 'partner.stage_changed', at, partnerId: partner.id, subjectType: 'partner', subjectId: partner.id, data: { partner, from, to, reason } }),
  ] as const;
}
