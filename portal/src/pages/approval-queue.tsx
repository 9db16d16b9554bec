import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { BulkDecisionResult, QueueEntry, QueuePage } from '../api/types.ts';
import { Badge, ConflictBadge } from '../components/badges.tsx';
import { PagedTable, type Column } from '../components/data-table.tsx';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Notice } from '../components/states.tsx';
import { displayDomain } from '../lib/domain-display.ts';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.ts';
import { entries, REJECTION_LABELS } from '../lib/labels.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePartnerList } from '../lib/partner-list.ts';
import { plural } from '../lib/plural.ts';
import { dealFromQueue, QUEUE_FILTERS } from '../lib/queue-context.ts';
import { useUrlFilters, useUrlSearch } from '../lib/url-filters.ts';
import { useApi, usePaged } from '../lib/use-api.ts';

const SLA_LABELS: Record<QueueEntry['slaState'], string> = { on_track: 'On track', due_soon: 'Due soon', overdue: 'Overdue' };

/** Whole business days: "1 business day old", never "6.9 business days old". */
export const ageLabel = (days: number) => `${plural(Math.floor(days), 'business day', 'business days')} old`;

const isExtension = (item: QueueEntry) => item.kind === 'extension';

export function ApprovalQueue() {
  usePageTitle('Approval queue');
  const [filters, setFilters] = useUrlFilters(QUEUE_FILTERS);
  const [regionInput, setRegionInput] = useUrlSearch(filters.region, (region) => setFilters({ region }));
  const { partnerId, tierId, region, conflict } = filters;
  const page = usePaged<QueueEntry>(paths.queue, { partnerId, tierId, region, conflict, limit: 50 });
  const meta = useApi<QueuePage>(paths.queue, { limit: 1 });
  const partners = usePartnerList();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [action, setAction] = useState<'approve' | 'reject'>('approve');
  const [reasonCode, setReasonCode] = useState('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<BulkDecisionResult>();
  const bulk = useSubmit();
  const filterKey = JSON.stringify(filters);
  const filtered = Boolean(partnerId || tierId || region || conflict);

  // A selection belongs to the rows it was made on: other filters, other rows, nothing selected.
  useEffect(() => {
    setSelected(new Set());
    setResult(undefined);
  }, [filterKey]);

  const tiers = new Map<string, string>();
  for (const item of page.items) if (item.partner.tier) tiers.set(item.partner.tier.id, item.partner.tier.name);
  for (const p of partners.partners) if (p.tierId && p.tierName) tiers.set(p.tierId, p.tierName);

  async function decide(e: Event) {
    e.preventDefault();
    const outcome = await bulk.run(() =>
      api.post<BulkDecisionResult>(paths.bulkDecision, {
        action,
        ids: [...selected],
        reason: reason.trim() || undefined,
        reasonCode: action === 'reject' ? reasonCode || undefined : undefined,
      }),
    );
    if (outcome) {
      setResult(outcome);
      setSelected(new Set(outcome.results.filter((r) => !r.ok).map((r) => r.id)));
      setReason('');
      page.reload();
      meta.reload();
    }
  }

  const byId = new Map(page.items.map((i) => [i.id, i]));
  const columns: Array<Column<QueueEntry>> = [
    {
      header: 'Customer',
      head: true,
      cell: (item) => (
        <>
          <a href={dealFromQueue(item.id, filters)}>{item.customerName}</a> {item.hasConflict && <ConflictBadge />}{' '}
          {isExtension(item) && <Badge tone="warn">Extension request</Badge>}
          <div class="muted small">
            {displayDomain(item.customerDomain)} · {item.country}
            {item.status === 'resubmitted' ? ' · resubmitted' : ''}
          </div>
          {isExtension(item) && item.extensionRequestedUntil && (
            <div class="small">Asks for protection until {formatDate(item.extensionRequestedUntil)}</div>
          )}
        </>
      ),
    },
    {
      header: 'Partner',
      cell: (item) => (
        <>
          {item.partner.name}
          <div class="muted small">
            {item.partner.tier?.name ?? 'No tier'} · {item.partner.region}
          </div>
        </>
      ),
    },
    { header: 'Value', num: true, cell: (item) => formatMoney(item.estimatedValue, item.currency) },
    { header: 'Submitted', cell: (item) => formatDate(item.submittedAt) },
    {
      header: 'Age vs SLA',
      cell: (item) => (
        <>
          <span class={`sla sla-${item.slaState}`}>
            {item.slaState === 'overdue' && <span class="overdue-mark" aria-hidden="true">!</span>}
            {SLA_LABELS[item.slaState]}
          </span>
          <div class="muted small">
            {/* The deadline is an instant (often midnight): a date alone read as "due by the end of that day". */}
            {ageLabel(item.ageBusinessDays)} · {item.slaState === 'overdue' ? 'was due' : 'due'} {formatDateTime(item.slaDueAt)}
          </div>
        </>
      ),
    },
  ];

  return (
    <section>
      <PageHeader
        title="Approval queue"
        lead={meta.data ? `Oldest first. Decide within ${plural(meta.data.slaBusinessDays, 'business day', 'business days')} of submission.` : 'Oldest first.'}
      />

      <form class="filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="queue-partner">Partner</label>
          <select id="queue-partner" value={partnerId} onChange={(e) => setFilters({ partnerId: valueOf(e) })}>
            <option value="">All partners</option>
            {partnerId && !partners.name(partnerId) && <option value={partnerId}>{partnerId}</option>}
            {partners.partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="queue-tier">Tier</label>
          <select id="queue-tier" value={tierId} onChange={(e) => setFilters({ tierId: valueOf(e) })}>
            <option value="">All tiers</option>
            {tierId && !tiers.has(tierId) && <option value={tierId}>{tierId}</option>}
            {[...tiers].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="queue-region">Region</label>
          <input id="queue-region" placeholder="e.g. EMEA" value={regionInput} onInput={(e) => setRegionInput(valueOf(e))} />
        </div>
        <div class="field">
          <label for="queue-conflict">Conflicts</label>
          <select id="queue-conflict" value={conflict} onChange={(e) => setFilters({ conflict: valueOf(e) })}>
            <option value="">All registrations</option>
            <option value="true">Only with a conflict</option>
            <option value="false">Only without</option>
          </select>
        </div>
      </form>

      {result && (
        <Notice tone={result.failed ? 'warning' : 'success'}>
          <p>
            {plural(result.succeeded, 'registration', 'registrations')} decided{result.failed ? `, ${plural(result.failed, 'not decided', 'not decided')}:` : '.'}
          </p>
          {result.failed > 0 && (
            <ul>
              {result.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id}>
                    {byId.get(r.id)?.customerName ?? r.id}: {r.problem?.detail ?? 'not possible'}
                  </li>
                ))}
            </ul>
          )}
        </Notice>
      )}

      <form class="bulk-bar" aria-label="Decide selected registrations" onSubmit={decide} noValidate>
        <span class="bulk-count" aria-live="polite">
          {selected.size} selected
        </span>
        <div class="field">
          <label for="bulk-action">Decision</label>
          <select id="bulk-action" value={action} onChange={(e) => setAction(valueOf(e) as 'approve' | 'reject')}>
            <option value="approve">Approve</option>
            <option value="reject">Reject</option>
          </select>
        </div>
        {action === 'reject' && (
          <Field id="bulk-reason-code" label="Reason code" required error={bulk.error?.fieldError('reasonCode')}>
            {(p) => (
              <select {...p} value={reasonCode} onChange={(e) => setReasonCode(valueOf(e))}>
                <option value="">Choose…</option>
                {entries(REJECTION_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="bulk-reason" label="Note to the partners" optional error={bulk.error?.fieldError('reason')}>
          {(p) => <input {...p} value={reason} onInput={(e) => setReason(valueOf(e))} />}
        </Field>
        <button type="submit" class={`button ${action === 'reject' ? 'danger' : 'primary'}`} disabled={selected.size === 0 || bulk.busy} aria-busy={bulk.busy}>
          {action === 'reject' ? 'Reject selected' : 'Approve selected'}
        </button>
      </form>
      {bulk.error && bulk.error.errors.length === 0 && <ErrorState error={bulk.error} />}

      <PagedTable
        page={page}
        label="Registrations waiting for a decision"
        loadingLabel="Loading the queue…"
        columns={columns}
        rowClass={(item) => (item.slaState === 'overdue' ? 'row-overdue' : undefined)}
        // Extension requests are decided on the deal page (with the date they set), not in bulk.
        select={{
          selected,
          toggle: (id, on) =>
            setSelected((prev) => {
              const next = new Set(prev);
              if (on) next.add(id);
              else next.delete(id);
              return next;
            }),
          setAll: (ids) => setSelected(new Set(ids)),
          label: (item) => `Select ${item.customerName}`,
          selectable: (item) => !isExtension(item),
        }}
        empty={
          filtered ? (
            <Empty title="No registrations match these filters.">
              <a href="/queue">Clear the filters</a>
            </Empty>
          ) : (
            <Empty title="The queue is empty.">
              <p>Every registration has a decision. New ones will appear here.</p>
              <a href="/deals">See all deals</a>
            </Empty>
          )
        }
      />
    </section>
  );
}
