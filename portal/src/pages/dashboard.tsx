import { DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';
import { paths } from '../api/paths.ts';
import type { DealSummary, DealSummaryView, Kpis, QueuePage } from '../api/types.ts';
import { plural } from '../lib/plural.ts';
import { StatusBadge, statusLabel } from '../components/badges.tsx';
import { BarChart } from '../components/bar-chart.tsx';
import { MoneyLines } from '../components/money.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { Tile } from '../components/tile.tsx';
import { formatDate, formatNumber, formatPercent, formatRelative } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { isStaff, useMe } from '../session.tsx';

export function Dashboard() {
  usePageTitle('Dashboard');
  const me = useMe();
  return isStaff(me.user.role) ? <StaffDashboard /> : <PartnerDashboard />;
}

const DECISION_LABELS: Record<DealSummary['latestDecisions'][number]['decision'], string> = {
  'deal.approved': 'Approved',
  'deal.rejected': 'Rejected',
  'deal.info_requested': 'Information requested',
  'deal.extended': 'Protection extended',
  'deal.extension_declined': 'Extension declined',
};

/** Every status as a bar: the summary counts the whole scope, not a sample. */
function StatusChart({ summary }: { summary: DealSummary }) {
  return (
    <div class="card">
      <BarChart title="All registrations by status" bars={DEAL_STATUSES.map((s) => ({ label: statusLabel(s), value: summary.counts[s] }))} />
    </div>
  );
}

function PartnerDashboard() {
  const me = useMe();
  const summary = useApi<DealSummary>(paths.dealSummary);
  const s = summary.data;
  const waiting = s ? s.counts.submitted + s.counts.resubmitted : 0;

  return (
    <section>
      <PageHeader title="Dashboard" lead={me.partner ? `${me.partner.name} — your pipeline at a glance.` : undefined}>
        <a class="button primary" href="/deals/new">
          Register a deal
        </a>
      </PageHeader>
      {summary.error && <ErrorState error={summary.error} retry={summary.reload} />}
      {summary.loading && !s && <Loading label="Loading your pipeline…" rows={4} />}
      {s && s.total === 0 && (
        <Empty title="No registrations yet.">
          <p>Register a deal to protect your opportunity.</p>
          <a class="button primary" href="/deals/new">
            Register your first deal
          </a>
        </Empty>
      )}
      {s && s.total > 0 && (
        <>
          <h2>Your pipeline</h2>
          <ul class="tiles tiles-fit" aria-label="Your pipeline">
            <Tile label="Protected pipeline" note={plural(s.counts.approved, 'approved deal', 'approved deals')} href="/deals?status=approved">
              <MoneyLines amounts={s.pipeline} />
            </Tile>
            <Tile label="Waiting for a decision" href="/deals">
              {formatNumber(waiting)}
            </Tile>
            <Tile label="Need your answer" href="/deals?status=info_requested" alert={s.counts.info_requested > 0}>
              {formatNumber(s.counts.info_requested)}
            </Tile>
            <Tile label={`Expiring within ${plural(s.expiringWithinDays, 'day', 'days')}`} alert={s.expiringSoonTotal > 0}>
              {formatNumber(s.expiringSoonTotal)}
            </Tile>
            <Tile label="Won" href="/deals?status=won">
              {formatNumber(s.counts.won)}
            </Tile>
          </ul>

          <div class="detail-grid">
            <section class="card" aria-labelledby="expiring-title">
              <h2 id="expiring-title">Protection ending within {plural(s.expiringWithinDays, 'day', 'days')}</h2>
              {s.expiringSoon.length === 0 ? (
                <p class="muted">Nothing expires soon.</p>
              ) : (
                <ul class="list">
                  {s.expiringSoon.map((d) => (
                    <li key={d.id}>
                      <a href={`/deals/${d.id}`}>{d.customerName}</a>
                      <span class="muted">
                        {' '}
                        ends {formatDate(d.expiresAt)} ({formatRelative(d.expiresAt)})
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {s.expiringSoonTotal > s.expiringSoon.length && (
                <p class="muted small">
                  and {formatNumber(s.expiringSoonTotal - s.expiringSoon.length)} more. <a href="/deals?status=approved">All approved deals</a>
                </p>
              )}
            </section>
            <section class="card" aria-labelledby="decisions-title">
              <h2 id="decisions-title">Recent decisions</h2>
              {s.latestDecisions.length === 0 ? (
                <p class="muted">No decisions yet.</p>
              ) : (
                <ul class="list">
                  {s.latestDecisions.map((d) => (
                    <li key={`${d.dealId}-${d.at}`}>
                      <a href={`/deals/${d.dealId}`}>{d.customerName}</a> <StatusBadge status={d.status} />
                      <div class="muted small">
                        {DECISION_LABELS[d.decision]} <time dateTime={d.at}>{formatRelative(d.at)}</time>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <StatusChart summary={s} />
        </>
      )}
    </section>
  );
}

function StaffDashboard() {
  const queue = useApi<QueuePage>(paths.queue, { limit: 100 });
  const kpis = useApi<Kpis>(paths.kpis);
  const summary = useApi<DealSummaryView>(paths.dealSummary);
  const queued = queue.data?.items ?? [];
  const overdue = queued.filter((q) => q.slaState === 'overdue').length;
  const dueSoon = queued.filter((q) => q.slaState === 'due_soon').length;
  const k = kpis.data;

  return (
    <section>
      <PageHeader title="Program dashboard" lead={k ? `KPIs for ${formatDate(k.period.from)} – ${formatDate(k.period.to)}` : undefined}>
        <a class="button primary" href="/queue">
          Open the approval queue
        </a>
      </PageHeader>

      <h2>Approvals</h2>
      {queue.error && <ErrorState error={queue.error} retry={queue.reload} />}
      {queue.loading && !queue.data && <Loading rows={1} label="Loading the queue…" />}
      {queue.data && (
        <ul class="tiles tiles-fit" aria-label="Approval queue">
          <Tile label="Waiting for a decision" href="/queue">
            {formatNumber(queued.length)}
            {queue.data.nextCursor ? '+' : ''}
          </Tile>
          <Tile label={`Past the ${queue.data.slaBusinessDays}-business-day SLA`} href="/queue" alert={overdue > 0}>
            {formatNumber(overdue)}
          </Tile>
          <Tile label="Due soon" href="/queue">
            {formatNumber(dueSoon)}
          </Tile>
          {summary.data?.openExtensionRequests !== undefined && (
            <Tile label="Extension requests" href="/deals?extensionRequested=true" alert={summary.data.openExtensionRequests > 0}>
              {formatNumber(summary.data.openExtensionRequests)}
            </Tile>
          )}
        </ul>
      )}

      <h2>Program KPIs</h2>
      {kpis.error && <ErrorState error={kpis.error} retry={kpis.reload} />}
      {kpis.loading && !k && <Loading rows={2} label="Loading KPIs…" />}
      {k && (
        <ul class="tiles tiles-4" aria-label="Program KPIs">
          <Tile label="Partner-sourced revenue">
            <MoneyLines amounts={k.partnerSourcedRevenue} />
          </Tile>
          <Tile label="Revenue per partner">
            <MoneyLines amounts={k.revenuePerPartner} />
          </Tile>
          <Tile label="Joint pipeline" note={plural(k.jointPipeline.reduce((n, p) => n + p.deals, 0), 'approved deal', 'approved deals')}>
            <MoneyLines amounts={k.jointPipeline} />
          </Tile>
          <Tile label="Approval rate" note={`${part(k.approvalRate, 'approved')} approved, ${part(k.approvalRate, 'rejected')} rejected`}>
            {formatPercent(k.approvalRate.value)}
          </Tile>
          <Tile label="Registration conversion" note={`${part(k.registrationConversion, 'won')} won of ${part(k.registrationConversion, 'approved')}`}>
            {formatPercent(k.registrationConversion.value)}
          </Tile>
          <Tile label="Approval turnaround" note={`median of ${plural(k.approvalTurnaroundHours.decisions, 'decision', 'decisions')}`}>
            {k.approvalTurnaroundHours.median === null ? '—' : `${formatNumber(Math.round(k.approvalTurnaroundHours.median))} h`}
          </Tile>
          <Tile label="Partner activation" note={`${part(k.partnerActivationRate, 'activated')} of ${part(k.partnerActivationRate, 'partners')} partners`}>
            {formatPercent(k.partnerActivationRate.value)}
          </Tile>
          <Tile label="Time to first deal" note={`median of ${plural(k.timeToFirstDealDays.partners, 'partner', 'partners')}`}>
            {k.timeToFirstDealDays.median === null ? '—' : plural(Math.round(k.timeToFirstDealDays.median), 'day', 'days')}
          </Tile>
        </ul>
      )}

      {summary.error && <ErrorState error={summary.error} retry={summary.reload} />}
      {summary.data && summary.data.total > 0 && <StatusChart summary={summary.data} />}
    </section>
  );
}

/** A count beside a rate (the KPI schema's rate parts are not in its inferred type). */
const part = (rate: object, key: string) => formatNumber((rate as Record<string, number | undefined>)[key]);
