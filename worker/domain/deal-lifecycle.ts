import { PENDING_STATUSES, type DealStatus } from '../../db/schema/deal-enums.ts';
// Type-only: the portal imports this module, and the registry's schemas stay out of its bundle.
import type { dealEvents } from '../resources/deals/events.ts';

/** A deal event type in the registry (worker/resources/deals/events.ts). */
export type DealEventType = (typeof dealEvents)[number]['type'];

// The status groups are shared vocabulary (queries filter by them): they live in db/schema/deal-enums.ts.
export { ACTIVE_STATUSES, PENDING_STATUSES, TERMINAL_STATUSES } from '../../db/schema/deal-enums.ts';

/**
 * The deal registration lifecycle as data: which action moves a deal from which status to
 * which, who may take it, and the outbox event it emits. Routes and the cron job ask
 * `transition()`; nothing else changes a deal's status.
 */
export type DealAction =
  | 'approve'
  | 'reject'
  | 'request_info'
  | 'resubmit'
  | 'withdraw'
  | 'request_extension'
  | 'extend'
  | 'decline_extension'
  | 'flag_expiring'
  | 'expire'
  | 'win'
  | 'lose';

export type DealActorKind = 'partner' | 'staff' | 'crm' | 'system';

interface Rule {
  from: readonly DealStatus[];
  /** null: the status stays (extension requests, flags). */
  to: DealStatus | null;
  by: readonly DealActorKind[];
  /** Registered in worker/resources/deals/events.ts (the type says so; a test checks both ways). */
  event: DealEventType;
}

const PENDING = PENDING_STATUSES;

export const DEAL_RULES: Record<DealAction, Rule> = {
  approve: { from: PENDING, to: 'approved', by: ['staff'], event: 'deal.approved' },
  reject: { from: [...PENDING, 'info_requested'], to: 'rejected', by: ['staff'], event: 'deal.rejected' },
  request_info: { from: PENDING, to: 'info_requested', by: ['staff'], event: 'deal.info_requested' },
  resubmit: { from: ['info_requested'], to: 'resubmitted', by: ['partner'], event: 'deal.resubmitted' },
  withdraw: { from: [...PENDING, 'info_requested', 'approved'], to: 'withdrawn', by: ['partner'], event: 'deal.withdrawn' },
  request_extension: { from: ['approved'], to: null, by: ['partner'], event: 'deal.extension_requested' },
  extend: { from: ['approved'], to: null, by: ['staff'], event: 'deal.extended' },
  decline_extension: { from: ['approved'], to: null, by: ['staff'], event: 'deal.extension_declined' },
  flag_expiring: { from: ['approved'], to: null, by: ['system'], event: 'deal.expiring' },
  expire: { from: ['approved'], to: 'expired', by: ['system'], event: 'deal.expired' },
  win: { from: ['approved'], to: 'won', by: ['crm', 'staff'], event: 'deal.won' },
  lose: { from: ['approved'], to: 'lost', by: ['crm', 'staff'], event: 'deal.lost' },
};

/** Every event type a deal can emit (the webhooks issue documents each payload). */
export const DEAL_EVENT_TYPES = ['deal.registered', ...new Set(Object.values(DEAL_RULES).map((r) => r.event))] as const;


export type TransitionResult =
  | { ok: true; to: DealStatus; event: string }
  | { ok: false; reason: 'not_allowed_for_actor' | 'invalid_from_status'; allowedFrom: readonly DealStatus[] };

/** Whether `by` may take `action` on a deal in `status`, and where it leads. */
export function transition(status: DealStatus, action: DealAction, by: DealActorKind): TransitionResult {
  const rule = DEAL_RULES[action];
  if (!rule.by.includes(by)) return { ok: false, reason: 'not_allowed_for_actor', allowedFrom: rule.from };
  if (!rule.from.includes(status)) return { ok: false, reason: 'invalid_from_status', allowedFrom: rule.from };
  return { ok: true, to: rule.to ?? status, event: rule.event };
}
