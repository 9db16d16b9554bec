import type { DealStatus } from '../api/types.ts';
import { humanize } from '../lib/format.ts';

const STATUS_LABELS: Record<DealStatus, string> = {
  submitted: 'Submitted',
  info_requested: 'Info requested',
  resubmitted: 'Resubmitted',
  approved: 'Approved',
  rejected: 'Rejected',
  won: 'Won',
  lost: 'Lost',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

export const statusLabel = (status: DealStatus) => STATUS_LABELS[status] ?? humanize(status);

/** A deal status as text with a colour; the text carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: DealStatus }) {
  return <span class={`badge badge-${status}`}>{statusLabel(status)}</span>;
}

export function ConflictBadge() {
  return (
    <span class="badge badge-conflict" title="Another registration or an existing customer matches this customer">
      ⚠ Conflict
    </span>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: string; tone?: 'neutral' | 'good' | 'warn' | 'bad' }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}
