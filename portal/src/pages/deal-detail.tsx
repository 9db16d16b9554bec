import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { transition, type DealAction } from '../../../worker/domain/deal-lifecycle.ts';
import { paths } from '../api/paths.ts';
import type { DealConflict, DealDetailView as DealDetail, DealStatus, Partner, QueueEntryPage } from '../api/types.ts';
import { ConflictBadge, StatusBadge, statusLabel } from '../components/badges.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState, Loading, Notice } from '../components/states.tsx';
import { formatDate, formatDateTime, formatMoney, formatRelative, humanize } from '../lib/format.ts';
import { REJECTION_LABELS } from '../lib/labels.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { dealFromQueue, queueFilters, queueUrl } from '../lib/queue-context.ts';
import { isStaff, useMe } from '../session.tsx';
import { PartnerActions, StaffActions } from './deal-actions.tsx';

export function DealDetailPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  // Keyed by id: following a link to another deal starts a fresh page (data, open forms, drafts).
  return <DealPage key={id} id={id} />;
}

function DealPage({ id }: { id: string }) {
  const { query } = useLocation();
  const me = useMe();
  const staff = isStaff(me.user.role);
  const deal = useApi<DealDetail>(paths.deal(id));
  // Staff see who registered the deal (partners only ever see their own company's deals).
  const partner = useApi<Partner>(staff && deal.data ? paths.partner(deal.data.partnerId) : null);
  const [notice, setNotice] = useState<string | null>(query.registered ? 'Deal registered. A manager will review it.' : null);
  const [decided, setDecided] = useState(false);
  // Opened from the approval queue: its filters, for the way back and "Next in queue".
  const fromQueue = staff ? queueFilters(query.queue) : undefined;
  usePageTitle(deal.data ? deal.data.customerName : 'Deal');

  if (deal.loading && !deal.data) return <Loading label="Loading the deal…" rows={6} />;
  if (deal.error && !deal.data) return <ErrorState error={deal.error} retry={deal.reload} />;
  if (!deal.data) return null;
  const d = deal.data;
  const status = d.status as DealStatus;
  const can = (action: DealAction) => transition(status, action, staff ? 'staff' : 'partner').ok;
  const done = (message: string) => {
    setNotice(message);
    setDecided(staff);
    deal.reload();
  };

  return (
    <article aria-busy={deal.loading}>
      <p class="breadcrumb">{fromQueue ? <a href={queueUrl(fromQueue)}>← Approval queue</a> : <a href="/deals">← All deals</a>}</p>
      <PageHeader title={d.customerName} lead={d.customerDomain}>
        <StatusBadge status={status} />
        {staff && d.conflict && <ConflictBadge />}
      </PageHeader>
      {notice && (
        <Notice>
          {notice}
          {decided && <NextInQueue currentId={d.id} filters={fromQueue ?? {}} />}
        </Notice>
      )}
      {!staff && status === 'info_requested' && d.decisionReason && (
        <div class="alert alert-info" role="note" aria-label="The manager's question">
          <p class="alert-title">The manager asked:</p>
          <p class="prewrap">{d.decisionReason}</p>
          <p class="small">Answer with “Update and resubmit” below.</p>
        </div>
      )}
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
                {/* Counting down only while the protection is live: a won, lost or expired deal's ran out or no longer matters. */}
                <dt>{d.status === 'approved' ? 'Protected until' : 'Protection ran until'}</dt>
                <dd>
                  {formatDate(d.expiresAt)}
                  {d.status === 'approved' && <span class="muted"> ({formatRelative(d.expiresAt)})</span>}
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

/** How many other registrations are compared at first (each is fetched for its full details). */
const COMPARED = 4;

interface Side {
  key: string;
  title: string;
  note?: string;
  partner: ComponentChildren;
  deal: Pick<DealDetail, 'customerName' | 'status' | 'submittedAt' | 'expiresAt' | 'estimatedValue' | 'currency'> | null;
  /** The full registration (products, close date, contact) once loaded. */
  full: DealDetail | undefined;
  link?: string;
}

/**
 * This registration and the ones it conflicts with, side by side on wide screens and stacked
 * on phones, so a manager can decide a channel conflict from one page.
 */
function Conflicts({ deal, partner }: { deal: DealDetail; partner: Partner | undefined }) {
  const conflicts = deal.conflicts!;
  const [all, setAll] = useState(false);
  const shown = all ? conflicts : conflicts.slice(0, COMPARED);
  return (
    <section class="card" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts ({conflicts.length})</h2>
      <p class="muted">The partner only learns that the customer is protected or already a customer, never by whom.</p>
      <div class="compare-cards">
        <CompareCard
          side={{
            key: 'this',
            title: 'This registration',
            partner: <PartnerLink partnerId={deal.partnerId} partner={partner} />,
            deal,
            full: deal,
          }}
        />
        {shown.map((c, i) => (
          <ConflictCard key={`${c.dealId ?? c.customerId ?? ''}-${i}`} conflict={c} index={i} />
        ))}
      </div>
      {conflicts.length > shown.length && (
        <button type="button" class="button secondary" onClick={() => setAll(true)}>
          Compare all {conflicts.length}
        </button>
      )}
    </section>
  );
}

function ConflictCard({ conflict: c, index }: { conflict: DealConflict; index: number }) {
  const other = useApi<DealDetail>(c.dealId ? paths.deal(c.dealId) : null);
  const existing = Boolean(c.customerId && !c.dealId);
  return (
    <CompareCard
      side={{
        key: `other-${index}`,
        title: existing ? 'Existing customer' : 'Other registration',
        note: `${humanize(c.reason)}${c.score !== null && c.score < 1 ? ` · ${Math.round(c.score * 100)}% similar` : ''}`,
        partner: c.partnerId ? (
          <a href={`/deals?partnerId=${encodeURIComponent(c.partnerId)}`}>{c.partnerName ?? c.partnerId}</a>
        ) : existing ? (
          'Direct customer of the vendor'
        ) : (
          '—'
        ),
        deal: c.dealId
          ? { customerName: c.customerName, status: c.status!, submittedAt: c.submittedAt!, expiresAt: c.expiresAt, estimatedValue: c.estimatedValue!, currency: c.currency! }
          : null,
        full: other.data,
        link: c.dealId ? `/deals/${c.dealId}` : undefined,
      }}
      customerName={c.customerName}
    />
  );
}

function CompareCard({ side, customerName }: { side: Side; customerName?: string }) {
  const { deal, full } = side;
  const titleId = `compare-${side.key}`;
  const time = (value: string | null | undefined) => (value ? <time dateTime={value}>{formatDateTime(value)}</time> : '—');
  return (
    <section class="compare-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {side.title}
        {side.note && <span class="muted small compare-reason">{side.note}</span>}
      </h3>
      <dl class="facts">
        <dt>Partner</dt>
        <dd>{side.partner}</dd>
        <dt>Customer</dt>
        <dd>{deal?.customerName ?? customerName}</dd>
        {deal && (
          <>
            <dt>Status</dt>
            <dd>{deal.status ? <StatusBadge status={deal.status as DealStatus} /> : '—'}</dd>
            <dt>Submitted</dt>
            <dd>{time(deal.submittedAt)}</dd>
            <dt>Protected until</dt>
            <dd>{deal.expiresAt ? <time dateTime={deal.expiresAt}>{formatDate(deal.expiresAt)}</time> : '—'}</dd>
            <dt>Estimated value</dt>
            <dd>{formatMoney(deal.estimatedValue, deal.currency)}</dd>
            <dt>Expected close</dt>
            <dd>{full ? formatDate(full.expectedCloseDate) : '…'}</dd>
            <dt>Products</dt>
            <dd>{full ? full.products.map((p) => p.name).join(', ') || '—' : '…'}</dd>
            <dt>Contact</dt>
            <dd>
              {full ? (
                <>
                  {full.contactName}
                  {full.contactTitle ? `, ${full.contactTitle}` : ''}
                  <div class="small">{full.contactEmail}</div>
                </>
              ) : (
                '…'
              )}
            </dd>
          </>
        )}
      </dl>
      {side.link && <a href={side.link}>Open this registration</a>}
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

/**
 * After a decision: the next registration waiting in the queue (under the filters the deal was
 * opened with), so a manager can work through the queue without going back to the list.
 */
function NextInQueue({ currentId, filters }: { currentId: string; filters: Record<string, string> }) {
  // A page of 50: extension requests share the queue, and the next registration may sit behind several.
  const queue = useApi<QueueEntryPage>(paths.queue, { ...filters, limit: 50 });
  if (queue.loading || queue.error) return null;
  const next = queue.data?.items.find((item) => item.id !== currentId && item.kind !== 'extension') ?? queue.data?.items.find((item) => item.id !== currentId);
  return (
    <p class="next-in-queue">
      {next ? (
        <a class="button primary" href={dealFromQueue(next.id, filters)}>
          Next in queue: {next.customerName}
        </a>
      ) : (
        <>
          Nothing else is waiting. <a href={queueUrl(filters)}>Back to the approval queue</a>
        </>
      )}
    </p>
  );
}
