import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';
import { paths } from '../api/paths.ts';
import type { Deal, DealStatus, PartnerPage } from '../api/types.ts';
import { ConflictBadge, StatusBadge, statusLabel } from '../components/badges.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDate, formatMoney } from '../lib/format.ts';
import { valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, useDebounced, usePaged } from '../lib/use-api.ts';
import { isStaff, useMe } from '../session.tsx';
import { LoadMore } from '../components/load-more.tsx';

const SORTS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'value', label: 'Highest value' },
  { value: 'closeDate', label: 'Closing soonest' },
] as const;

export function DealsList() {
  usePageTitle('Deals');
  const me = useMe();
  const staff = isStaff(me.user.role);
  const location = useLocation();
  // Filters live in the URL so a filtered list can be bookmarked and shared.
  const [status, setStatus] = useState<string>(location.query.status ?? '');
  const [search, setSearch] = useState(location.query.q ?? '');
  const [sort, setSort] = useState<string>(location.query.sort ?? 'newest');
  const [conflictOnly, setConflictOnly] = useState(location.query.conflict === 'true');
  const q = useDebounced(search.trim(), 300);
  const [partnerId, setPartnerId] = useState(staff ? (location.query.partnerId ?? '') : '');
  // Staff: the partner filter and the partner column read names from the partner list.
  const partners = useApi<PartnerPage>(staff ? paths.partners : null, { limit: 100 });
  const partnerNames = new Map((partners.data?.items ?? []).map((p) => [p.id, p.name]));
  const query = { status, q, sort, partnerId, conflict: staff && conflictOnly ? 'true' : undefined, limit: 25 };
  const page = usePaged<Deal>(paths.deals, query);

  const syncUrl = (next: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ status, q: search, sort, partnerId, conflict: conflictOnly ? 'true' : undefined, ...next })) {
      if (v && !(k === 'sort' && v === 'newest')) params.set(k, v);
    }
    const text = params.toString();
    history.replaceState(null, '', text ? `/deals?${text}` : '/deals');
  };

  return (
    <section>
      <PageHeader title="Deals" lead={staff ? 'Every registration across the program.' : 'Your registrations and their protection.'}>
        {!staff && (
          <a class="button primary" href="/deals/new">
            Register a deal
          </a>
        )}
      </PageHeader>

      <form class="filters" role="search" aria-label="Filter deals" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="deal-search">Search</label>
          <input
            id="deal-search"
            type="search"
            placeholder="Customer name or domain"
            value={search}
            onInput={(e) => {
              setSearch(valueOf(e));
              syncUrl({ q: valueOf(e) });
            }}
          />
        </div>
        <div class="field">
          <label for="deal-status">Status</label>
          <select
            id="deal-status"
            value={status}
            onChange={(e) => {
              setStatus(valueOf(e));
              syncUrl({ status: valueOf(e) });
            }}
          >
            <option value="">All statuses</option>
            {DEAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="deal-sort">Sort by</label>
          <select
            id="deal-sort"
            value={sort}
            onChange={(e) => {
              setSort(valueOf(e));
              syncUrl({ sort: valueOf(e) });
            }}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        {staff && (
          <div class="field">
            <label for="deal-partner">Partner</label>
            <select
              id="deal-partner"
              value={partnerId}
              onChange={(e) => {
                setPartnerId(valueOf(e));
                syncUrl({ partnerId: valueOf(e) });
              }}
            >
              <option value="">All partners</option>
              {partnerId && !partnerNames.has(partnerId) && <option value={partnerId}>{partnerId}</option>}
              {(partners.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {staff && (
          <div class="field checkbox-field">
            <input
              id="deal-conflict"
              type="checkbox"
              checked={conflictOnly}
              onChange={(e) => {
                const checked = (e.currentTarget as HTMLInputElement).checked;
                setConflictOnly(checked);
                syncUrl({ conflict: checked ? 'true' : undefined });
              }}
            />
            <label for="deal-conflict">Only with conflicts</label>
          </div>
        )}
      </form>

      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {!page.error && page.items.length === 0 && page.loading && <Loading label="Loading deals…" rows={5} />}
      {!page.error && page.items.length === 0 && !page.loading && (
        <Empty title={q || status || conflictOnly ? 'No deals match these filters.' : 'No deals yet.'}>
          {!staff && (
            <a class="button primary" href="/deals/new">
              Register your first deal
            </a>
          )}
        </Empty>
      )}
      {page.items.length > 0 && (
        <DealsTable deals={page.items} staff={staff} busy={page.loading} partnerNames={partnerNames} />
      )}
      <LoadMore page={page} />
    </section>
  );
}

function DealsTable({ deals, staff, busy, partnerNames }: { deals: Deal[]; staff: boolean; busy: boolean; partnerNames: Map<string, string> }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Deals table" aria-busy={busy}>
      <table class="stack-table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            {staff && <th scope="col">Partner</th>}
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Value
            </th>
            <th scope="col">Expected close</th>
            <th scope="col">Submitted</th>
            <th scope="col">Protected until</th>
          </tr>
        </thead>
        <tbody>
          {deals.map((deal) => (
            <tr key={deal.id}>
              <td class="stack-head">
                <a href={`/deals/${deal.id}`}>{deal.customerName}</a>
                <div class="muted small">{deal.customerDomain}</div>
              </td>
              {staff && <td data-label="Partner">{partnerNames.get(deal.partnerId) ?? deal.partnerId}</td>}
              <td data-label="Status">
                <StatusBadge status={deal.status as DealStatus} /> {staff && deal.conflict && <ConflictBadge />}
              </td>
              <td class="num" data-label="Value">
                {formatMoney(deal.estimatedValue, deal.currency)}
              </td>
              <td data-label="Expected close">{formatDate(deal.expectedCloseDate)}</td>
              <td data-label="Submitted">{formatDate(deal.submittedAt)}</td>
              <td data-label="Protected until">{formatDate(deal.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
