// Deal enums in a module without drizzle imports, so browser code (the portal's forms and
// worker/resources/deals/schemas.ts) can use them without bundling the ORM. db/schema/deals.ts re-exports them.
export const DEAL_STATUSES = [
  'submitted',
  'info_requested',
  'resubmitted',
  'approved',
  'rejected',
  'won',
  'lost',
  'expired',
  'withdrawn',
] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const CONFLICT_REASONS = ['same_domain', 'similar_name', 'existing_customer', 'duplicate'] as const;

/** Waiting for a manager's decision. */
export const PENDING_STATUSES: readonly DealStatus[] = ['submitted', 'resubmitted'];
/** Statuses in which a registration protects its customer against other registrations. */
export const ACTIVE_STATUSES: readonly DealStatus[] = ['submitted', 'resubmitted', 'info_requested', 'approved'];
export const TERMINAL_STATUSES: readonly DealStatus[] = ['rejected', 'won', 'lost', 'expired', 'withdrawn'];

/** At most this many conflicts are recorded per registration, most important first (worker/domain/customer-match.ts). */
export const MAX_RECORDED_CONFLICTS = 25;
