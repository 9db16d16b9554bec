import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { BulkDecisionResult, QueueItem, QueuePage } from '../api/types.ts';
import { ConflictBadge } from '../components/badges.tsx';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading, Notice } from '../components/states.tsx';
import { formatDate, formatMoney } from '../lib/format.ts';
import { entries, REJECTION_LABELS } from '../lib/labels.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, useDebounced, usePaged } from '../lib/use-api.ts';
import type { PartnerPage } from '../api/types.ts';
import { LoadMore } from '../components/load-more.tsx';

const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const formatDays = (days: number) => oneDecimal.format(days);

const SLA_LABELS: Record<QueueItem['slaState'], string> = { on_track: 'On track', due_soon: 'Due soon', overdue: 'Overdue' };

export function ApprovalQueue() {
  usePageTitle('Approval queue');
  const [partnerId, setPartnerId] = useState('');
  const [tierId, setTierId] = useState('');
  const [regionInput, setRegionInput] = useState('');
  const [conflict, setConflict] = useState('');
  const region = useDebounced(regionInput.trim(), 300);
  const page = usePaged<QueueItem>(paths.queue, { partnerId, tierId, region, conflict, limit: 50 });
  const meta = useApi<QueuePage>(paths.queue, { limit: 1 });
  const partners = useApi<PartnerPage>(paths.partners, { limit: 100 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<'approve' | 'reject'>('approve');
  const [reasonCode, setReasonCode] = useState('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<BulkDecisionResult>();
  const bulk = useSubmit();

  const tiers = new Map<string, string>();
  for (const item of page.items) if (item.partner.tier) tiers.set(item.partner.tier.id, item.partner.tier.name);
  for (const p of partners.data?.items ?? []) if (p.tierId && p.tierName) tiers.set(p.tierId, p.tierName);

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allSelected = page.items.length > 0 && page.items.every((i) => selected.has(i.id));

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

  return (
    <section>
      <PageHeader
        title="Approval queue"
        lead={meta.data ? `Oldest first. Decide within ${meta.data.slaBusinessDays} business days of submission.` : 'Oldest first.'}
      />

      <form class="filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="queue-partner">Partner</label>
          <select id="queue-partner" value={partnerId} onChange={(e) => setPartnerId(valueOf(e))}>
            <option value="">All partners</option>
            {(partners.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="queue-tier">Tier</label>
          <select id="queue-tier" value={tierId} onChange={(e) => setTierId(valueOf(e))}>
            <option value="">All tiers</option>
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
          <select id="queue-conflict" value={conflict} onChange={(e) => setConflict(valueOf(e))}>
            <option value="">All registrations</option>
            <option value="true">Only with a conflict</option>
            <option value="false">Only without</option>
          </select>
        </div>
      </form>

      {result && (
        <Notice tone={result.failed ? 'warning' : 'success'}>
          <p>
            {result.succeeded} decided{result.failed ? `, ${result.failed} not decided:` : '.'}
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
          <Field id="bulk-reason-code" label="Reason code" error={bulk.error?.fieldError('reasonCode')}>
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

      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && page.items.length === 0 && <Loading label="Loading the queue…" rows={5} />}
      {!page.loading && !page.error && page.items.length === 0 && (
        <Empty title="The queue is empty.">
          <p>Every registration has a decision. New ones will appear here.</p>
          <a href="/deals">See all deals</a>
        </Empty>
      )}
      {page.items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Registrations waiting for a decision" aria-busy={page.loading}>
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col" class="stack-keep">
                  <label class="select-all">
                    <input
                      type="checkbox"
                      checked={allSelected}
                      onChange={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        setSelected(on ? new Set(page.items.map((i) => i.id)) : new Set());
                      }}
                    />
                    <span class="select-all-text">Select all</span>
                  </label>
                </th>
                <th scope="col">Customer</th>
                <th scope="col">Partner</th>
                <th scope="col" class="num">
                  Value
                </th>
                <th scope="col">Submitted</th>
                <th scope="col">Age vs SLA</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.id} class={item.slaState === 'overdue' ? 'row-overdue' : undefined}>
                  <td class="stack-select">
                    <input
                      type="checkbox"
                      aria-label={`Select ${item.customerName}`}
                      checked={selected.has(item.id)}
                      onChange={(e) => toggle(item.id, (e.currentTarget as HTMLInputElement).checked)}
                    />
                  </td>
                  <td class="stack-head">
                    <a href={`/deals/${item.id}`}>{item.customerName}</a> {item.hasConflict && <ConflictBadge />}
                    <div class="muted small">
                      {item.customerDomain} · {item.country}
                      {item.status === 'resubmitted' ? ' · resubmitted' : ''}
                    </div>
                  </td>
                  <td data-label="Partner">
                    {item.partner.name}
                    <div class="muted small">
                      {item.partner.tier?.name ?? 'No tier'} · {item.partner.region}
                    </div>
                  </td>
                  <td class="num" data-label="Value">
                    {formatMoney(item.estimatedValue, item.currency)}
                  </td>
                  <td data-label="Submitted">{formatDate(item.submittedAt)}</td>
                  <td data-label="Age vs SLA">
                    <span class={`sla sla-${item.slaState}`}>
                      {item.slaState === 'overdue' && <span class="overdue-mark" aria-hidden="true">!</span>}
                      {SLA_LABELS[item.slaState]}
                    </span>
                    <div class="muted small">
                      {formatDays(item.ageBusinessDays)} business day{item.ageBusinessDays === 1 ? '' : 's'} old · due {formatDate(item.slaDueAt)}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore page={page} />
    </section>
  );
}
