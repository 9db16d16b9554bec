import { DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';
import { paths } from '../api/paths.ts';
import type { Deal, DealStatus } from '../api/types.ts';
import { ConflictBadge, StatusBadge, statusLabel } from '../components/badges.tsx';
import { PagedTable, type Column } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty } from '../components/states.tsx';
import { displayDomain } from '../lib/domain-display.ts';
import { formatDate, formatMoney } from '../lib/format.ts';
import { valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePartnerList } from '../lib/partner-list.ts';
import { useUrlFilters, useUrlSearch } from '../lib/url-filters.ts';
import { usePaged } from '../lib/use-api.ts';
import { isStaff, useMe } from '../session.tsx';

const SORTS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'value', label: 'Highest value' },
  { value: 'closeDate', label: 'Closing soonest' },
] as const;

const FILTERS = { status: '', q: '', sort: 'newest', partnerId: '', conflict: '', extensionRequested: '' };

export function DealsList() {
  usePageTitle('Deals');
  const me = useMe();
  const staff = isStaff(me.user.role);
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [search, setSearch] = useUrlSearch(filters.q, (q) => setFilters({ q }));
  const { status, q, sort } = filters;
  const partnerId = staff ? filters.partnerId : '';
  const conflictOnly = staff && filters.conflict === 'true';
  const extensionOnly = staff && filters.extensionRequested === 'true';
  // Staff: the partner filter and the partner column read names from the whole partner list.
  const partners = usePartnerList(staff);
  const page = usePaged<Deal>(paths.deals, {
    status,
    q,
    sort,
    partnerId,
    conflict: conflictOnly ? 'true' : undefined,
    extensionRequested: extensionOnly ? 'true' : undefined,
    limit: 25,
  });
  const filtered = Boolean(q || status || partnerId || conflictOnly || extensionOnly);

  const columns: Array<Column<Deal>> = [
    {
      header: 'Customer',
      head: true,
      cell: (deal) => (
        <>
          <a href={`/deals/${deal.id}`}>{deal.customerName}</a>
          <div class="muted small">{displayDomain(deal.customerDomain)}</div>
        </>
      ),
    },
    ...(staff ? [{ header: 'Partner', cell: (deal: Deal) => partners.name(deal.partnerId) ?? deal.partnerId }] : []),
    {
      header: 'Status',
      cell: (deal) => (
        <>
          <StatusBadge status={deal.status as DealStatus} /> {staff && deal.conflict && <ConflictBadge />}
        </>
      ),
    },
    { header: 'Value', num: true, cell: (deal) => formatMoney(deal.estimatedValue, deal.currency) },
    { header: 'Expected close', cell: (deal) => formatDate(deal.expectedCloseDate) },
    { header: 'Submitted', cell: (deal) => formatDate(deal.submittedAt) },
    { header: 'Protected until', cell: (deal) => formatDate(deal.expiresAt) },
  ];

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
          <input id="deal-search" type="search" placeholder="Customer name or domain" value={search} onInput={(e) => setSearch(valueOf(e))} />
        </div>
        <div class="field">
          <label for="deal-status">Status</label>
          <select id="deal-status" value={status} onChange={(e) => setFilters({ status: valueOf(e) })}>
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
          <select id="deal-sort" value={sort} onChange={(e) => setFilters({ sort: valueOf(e) })}>
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
            <select id="deal-partner" value={partnerId} onChange={(e) => setFilters({ partnerId: valueOf(e) })}>
              <option value="">All partners</option>
              {partnerId && !partners.name(partnerId) && <option value={partnerId}>{partnerId}</option>}
              {partners.partners.map((p) => (
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
              onChange={(e) => setFilters({ conflict: (e.currentTarget as HTMLInputElement).checked ? 'true' : '' })}
            />
            <label for="deal-conflict">Only with conflicts</label>
          </div>
        )}
        {staff && (
          <div class="field checkbox-field">
            <input
              id="deal-extension"
              type="checkbox"
              checked={extensionOnly}
              onChange={(e) => setFilters({ extensionRequested: (e.currentTarget as HTMLInputElement).checked ? 'true' : '' })}
            />
            <label for="deal-extension">Only with an open extension request</label>
          </div>
        )}
      </form>

      <PagedTable
        page={page}
        label="Deals table"
        loadingLabel="Loading deals…"
        columns={columns}
        empty={
          <Empty title={filtered ? 'No deals match these filters.' : 'No deals yet.'}>
            {!staff && !filtered && (
              <a class="button primary" href="/deals/new">
                Register your first deal
              </a>
            )}
          </Empty>
        }
      />
    </section>
  );
}
