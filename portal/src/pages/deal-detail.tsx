import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { transition, type DealAction } from '../../../worker/domain/deal-lifecycle.ts';
import { paths } from '../api/paths.ts';
import type { DealConflict, DealDetail, DealStatus, Partner } from '../api/types.ts';
import { ConflictBadge, StatusBadge, statusLabel } from '../components/badges.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState, Loading, Notice } from '../components/states.tsx';
import { formatDate, formatDateTime, formatMoney, formatRelative, humanize } from '../lib/format.ts';
import { REJECTION_LABELS } from '../lib/labels.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { isStaff, useMe } from '../session.tsx';
import { PartnerActions, StaffActions } from './deal-actions.tsx';

export function DealDetailPage() {
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id ?? '';
  const me = useMe();
  const staff = isStaff(me.user.role);
  const deal = useApi<DealDetail>(paths.deal(id));
  // Staff see who registered the deal (partners only ever see their own company's deals).
  const partner = useApi<Partner>(staff && deal.data ? paths.partner(deal.data.partnerId) : null);
  const [notice, setNotice] = useState<string | null>(query.registered ? 'Deal registered. A manager will review it.' : null);
  usePageTitle(deal.data ? deal.data.customerName : 'Deal');

  if (deal.loading && !deal.data) return <Loading label="Loading the deal…" rows={6} />;
  if (deal.error && !deal.data) return <ErrorState error={deal.error} retry={deal.reload} />;
  if (!deal.data) return null;
  const d = deal.data;
  const status = d.status as DealStatus;
  const can = (action: DealAction) => transition(status, action, staff ? 'staff' : 'partner').ok;
  const done = (message: string) => {
    setNotice(message);
    deal.reload();
  };

  return (
    <article aria-busy={deal.loading}>
      <p class="breadcrumb">
        <a href="/deals">← All deals</a>
      </p>
      <PageHeader title={d.customerName} lead={d.customerDomain}>
        <StatusBadge status={status} />
        {staff && d.conflict && <ConflictBadge />}
      </PageHeader>
      {notice && <Notice>{notice}</Notice>}
      {!staff && d.conflict && (
        <Notice tone="warning">This customer is also registered or is an existing customer. A manager reviews the overlap.</Notice>
      )}

      <div class="detail-grid">
        <section class="card" aria-labelledby="facts-title">
          <h2 id="facts-title">Registration</h2>
          <dl class="facts">
            {staff && (
              <>
                <dt>Partner</dt>
                <dd>
                  <PartnerLink partnerId={d.partnerId} partner={partner.data} />
                  {partner.data?.tierName && <span class="muted small"> {partner.data.tierName}</span>}
                </dd>
              </>
            )}
            <dt>Status</dt>
            <dd>{statusLabel(status)}</dd>
            <dt>Estimated value</dt>
            <dd>{formatMoney(d.estimatedValue, d.currency)}</dd>
            <dt>Expected close</dt>
            <dd>{formatDate(d.expectedCloseDate)}</dd>
            <dt>Country</dt>
            <dd>{countryName(d.country)}</dd>
            <dt>Contact</dt>
            <dd>
              {d.contactName}
              {d.contactTitle ? `, ${d.contactTitle}` : ''}
              <br />
              <a href={`mailto:${d.contactEmail}`}>{d.contactEmail}</a>
            </dd>
            <dt>Products</dt>
            <dd>
              <ul class="plain">
                {d.products.map((p) => (
                  <li key={p.id}>
                    {p.name} <span class="muted small">{p.sku}</span>
                  </li>
                ))}
              </ul>
            </dd>
            <dt>Submitted</dt>
            <dd>{formatDateTime(d.submittedAt)}</dd>
            {d.approvedAt && (
              <>
                <dt>Approved</dt>
                <dd>{formatDateTime(d.approvedAt)}</dd>
              </>
            )}
            {d.expiresAt && (
              <>
                <dt>Protected until</dt>
                <dd>
                  {formatDate(d.expiresAt)} <span class="muted">({formatRelative(d.expiresAt)})</span>
                </dd>
              </>
            )}
            {d.extensionRequestedAt && (
              <>
                <dt>Extension requested</dt>
                <dd>{formatDateTime(d.extensionRequestedAt)}</dd>
              </>
            )}
            {d.rejectionCode && (
              <>
                <dt>Rejection reason</dt>
                <dd>{REJECTION_LABELS[d.rejectionCode as keyof typeof REJECTION_LABELS] ?? humanize(d.rejectionCode)}</dd>
              </>
            )}
            {d.decisionReason && (
              <>
                <dt>Decision note</dt>
                <dd>{d.decisionReason}</dd>
              </>
            )}
            {d.wonAmount !== null && (
              <>
                <dt>Won amount</dt>
                <dd>
                  {formatMoney(d.wonAmount, d.currency)} on {formatDate(d.closeDate)}
                </dd>
              </>
            )}
            {d.lostReason && (
              <>
                <dt>Lost reason</dt>
                <dd>{d.lostReason}</dd>
              </>
            )}
            {d.crmId && (
              <>
                <dt>CRM id</dt>
                <dd>
                  <code>{d.crmId}</code>
                </dd>
              </>
            )}
            {d.notes && (
              <>
                <dt>Notes</dt>
                <dd class="prewrap">{d.notes}</dd>
              </>
            )}
          </dl>
        </section>

        <section class="card" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          {staff ? <StaffActions deal={d} can={can} onDone={done} /> : <PartnerActions deal={d} can={can} onDone={done} />}
        </section>
      </div>

      {staff && d.conflicts && d.conflicts.length > 0 && <Conflicts deal={d} partner={partner.data} />}

      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {d.timeline.length === 0 ? (
          <p class="muted">No events yet.</p>
        ) : (
          <ol class="timeline">
            {d.timeline.map((event) => (
              <li key={event.id}>
                <div class="timeline-head">
                  <strong>{eventLabel(event.type)}</strong>
                  {event.toStatus && event.toStatus !== event.fromStatus && (
                    <span class="muted">
                      {' '}
                      {event.fromStatus ? `${humanize(event.fromStatus)} → ` : ''}
                      {humanize(event.toStatus)}
                    </span>
                  )}
                </div>
                <div class="muted small">
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time> ·{' '}
                  {event.actorName ?? (event.actorType === 'system' ? 'System' : event.actorType === 'token' ? 'CRM integration' : 'Someone')}
                </div>
                {event.reason && <p class="timeline-reason prewrap">{event.reason}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

/** The partner's name, linking to its deals (the id until the name has loaded). */
function PartnerLink({ partnerId, partner }: { partnerId: string; partner: Partner | undefined }) {
  return <a href={`/deals?partnerId=${encodeURIComponent(partnerId)}`}>{partner?.name ?? partnerId}</a>;
}

/** Both registrations side by side, so a manager can decide a channel conflict. */
function Conflicts({ deal, partner }: { deal: DealDetail; partner: Partner | undefined }) {
  const conflicts = deal.conflicts!;
  const row = (label: string, mine: ComponentChildren, theirs: (c: DealConflict) => ComponentChildren) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{mine}</td>
      {conflicts.map((c, i) => (
        <td key={i}>{theirs(c)}</td>
      ))}
    </tr>
  );
  return (
    <section class="card" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts ({conflicts.length})</h2>
      <p class="muted">The partner only learns that the customer is protected or already a customer, never by whom.</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="conflicts-title">
        <table class="compare">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Field</span>
              </th>
              <th scope="col">This registration</th>
              {conflicts.map((c, i) => (
                <th scope="col" key={i}>
                  {c.customerId && !c.dealId ? 'Existing customer' : 'Other registration'}
                  <span class="muted small compare-reason">
                    {humanize(c.reason)}
                    {c.score !== null && c.score < 1 ? ` · ${Math.round(c.score * 100)}% similar` : ''}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {row('Partner', <PartnerLink partnerId={deal.partnerId} partner={partner} />, (c) =>
              c.partnerId ? <a href={`/deals?partnerId=${encodeURIComponent(c.partnerId)}`}>{c.partnerName ?? c.partnerId}</a> : c.customerId ? 'Direct customer of the vendor' : '—',
            )}
            {row('Customer', deal.customerName, (c) => c.customerName)}
            {row('Status', <StatusBadge status={deal.status as DealStatus} />, (c) => (c.status ? <StatusBadge status={c.status as DealStatus} /> : '—'))}
            {row('Submitted', <time dateTime={deal.submittedAt}>{formatDate(deal.submittedAt)}</time>, (c) =>
              c.submittedAt ? <time dateTime={c.submittedAt}>{formatDate(c.submittedAt)}</time> : '—',
            )}
            {row('Protected until', deal.expiresAt ? <time dateTime={deal.expiresAt}>{formatDate(deal.expiresAt)}</time> : '—', (c) =>
              c.expiresAt ? <time dateTime={c.expiresAt}>{formatDate(c.expiresAt)}</time> : '—',
            )}
            {row('Estimated value', formatMoney(deal.estimatedValue, deal.currency), (c) => formatMoney(c.estimatedValue, c.currency))}
            {row('Registration', <span class="muted">This page</span>, (c) => (c.dealId ? <a href={`/deals/${c.dealId}`}>Open registration</a> : '—'))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const EVENT_LABELS: Record<string, string> = {
  'deal.registered': 'Registered',
  'deal.approved': 'Approved',
  'deal.rejected': 'Rejected',
  'deal.info_requested': 'More information requested',
  'deal.resubmitted': 'Resubmitted',
  'deal.withdrawn': 'Withdrawn',
  'deal.extension_requested': 'Extension requested',
  'deal.extended': 'Protection extended',
  'deal.extension_declined': 'Extension declined',
  'deal.expiring': 'Protection ends soon',
  'deal.expired': 'Expired',
  'deal.won': 'Won',
  'deal.lost': 'Lost',
};

const eventLabel = (type: string) => EVENT_LABELS[type] ?? EVENT_LABELS[`deal.${type}`] ?? humanize(type.replace(/^deal\./, ''));

let regionNames: Intl.DisplayNames | undefined;
function countryName(code: string) {
  regionNames ??= new Intl.DisplayNames(undefined, { type: 'region' });
  return regionNames.of(code) ?? code;
}
