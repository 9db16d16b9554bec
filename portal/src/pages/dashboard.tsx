import { DEAL_STATUSES } from '../../../db/schema/deal-enums.ts';
import { paths } from '../api/paths.ts';
import type { Deal, DealPage, DealStatus, Kpis, QueuePage } from '../api/types.ts';
import { StatusBadge, statusLabel } from '../components/badges.tsx';
import { BarChart } from '../components/bar-chart.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDate, formatMoney, formatNumber, formatPercent, formatRelative } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { isStaff, useMe } from '../session.tsx';

/** The dashboard reads one page of recent deals; counts say so when there are more. */
const SAMPLE = 100;
const SOON_DAYS = 30;

export function Dashboard() {
  usePageTitle('Dashboard');
  const me = useMe();
  return isStaff(me.user.role) ? <StaffDashboard /> : <PartnerDashboard />;
}

function countByStatus(deals: Deal[]) {
  const counts = Object.fromEntries(DEAL_STATUSES.map((s) => [s, 0])) as Record<DealStatus, number>;
  for (const d of deals) counts[d.status as DealStatus]++;
  return counts;
}

function PartnerDashboard() {
  const me = useMe();
  const deals = useApi<DealPage>(paths.deals, { limit: SAMPLE, sort: 'newest' });
  const items = deals.data?.items ?? [];
  const counts = countByStatus(items);
  const soon = Date.now() + SOON_DAYS * 86_400_000;
  const expiring = items
    .filter((d) => d.status === 'approved' && d.expiresAt && new Date(d.expiresAt).getTime() < soon)
    .sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!));
  const decided = items
    .filter((d) => ['approved', 'rejected', 'info_requested'].includes(d.status))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, 5);

  return (
    <section>
      <PageHeader title="Dashboard" lead={me.partner ? `${me.partner.name} — your pipeline at a glance.` : undefined}>
        <a class="button primary" href="/deals/new">
          Register a deal
        </a>
      </PageHeader>
      {deals.error && <ErrorState error={deals.error} retry={deals.reload} />}
      {deals.loading && <Loading label="Loading your pipeline…" rows={4} />}
      {deals.data && items.length === 0 && (
        <Empty title="No registrations yet.">
          <p>Register a deal to protect your opportunity.</p>
          <a class="button primary" href="/deals/new">
            Register your first deal
          </a>
        </Empty>
      )}
      {items.length > 0 && (
        <>
          <h2>Pipeline by status</h2>
          <ul class="tiles" aria-label="Pipeline by status">
            {(['submitted', 'info_requested', 'resubmitted', 'approved', 'won', 'rejected'] as const).map((s) => (
              <li key={s} class="tile">
                <a href={`/deals?status=${s}`}>
                  <span class="tile-value">{formatNumber(counts[s])}</span>
                  <span class="tile-label">{statusLabel(s)}</span>
                </a>
              </li>
            ))}
          </ul>
          {deals.data?.nextCursor && <p class="muted small">Counts cover your latest {SAMPLE} registrations.</p>}

          <div class="detail-grid">
            <section class="card" aria-labelledby="expiring-title">
              <h2 id="expiring-title">Protection ending within {SOON_DAYS} days</h2>
              {expiring.length === 0 ? (
                <p class="muted">Nothing expires soon.</p>
              ) : (
                <ul class="list">
                  {expiring.map((d) => (
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
            </section>
            <section class="card" aria-labelledby="decisions-title">
              <h2 id="decisions-title">Recent decisions</h2>
              {decided.length === 0 ? (
                <p class="muted">No decisions yet.</p>
              ) : (
                <ul class="list">
                  {decided.map((d) => (
                    <li key={d.id}>
                      <a href={`/deals/${d.id}`}>{d.customerName}</a> <StatusBadge status={d.status as DealStatus} />
                      <span class="muted small"> {formatRelative(d.updatedAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </section>
  );
}

function StaffDashboard() {
  const queue = useApi<QueuePage>(paths.queue, { limit: 100 });
  const kpis = useApi<Kpis>(paths.kpis);
  const deals = useApi<DealPage>(paths.deals, { limit: SAMPLE, sort: 'newest' });
  const queued = queue.data?.items ?? [];
  const overdue = queued.filter((q) => q.slaState === 'overdue').length;
  const dueSoon = queued.filter((q) => q.slaState === 'due_soon').length;
  const k = kpis.data;
  const counts = countByStatus(deals.data?.items ?? []);

  return (
    <section>
      <PageHeader title="Program dashboard" lead={k ? `KPIs for ${formatDate(k.period.from)} – ${formatDate(k.period.to)}` : undefined}>
        <a class="button primary" href="/queue">
          Open the approval queue
        </a>
      </PageHeader>

      <h2>Approvals</h2>
      {queue.error && <ErrorState error={queue.error} retry={queue.reload} />}
      {queue.loading && <Loading rows={1} label="Loading the queue…" />}
      {queue.data && (
        <ul class="tiles" aria-label="Approval queue">
          <li class="tile">
            <a href="/queue">
              <span class="tile-value">
                {formatNumber(queued.length)}
                {queue.data.nextCursor ? '+' : ''}
              </span>
              <span class="tile-label">Waiting for a decision</span>
            </a>
          </li>
          <li class={`tile${overdue ? ' tile-alert' : ''}`}>
            <a href="/queue">
              <span class="tile-value">{formatNumber(overdue)}</span>
              <span class="tile-label">Past the {queue.data.slaBusinessDays}-business-day SLA</span>
            </a>
          </li>
          <li class="tile">
            <a href="/queue">
              <span class="tile-value">{formatNumber(dueSoon)}</span>
              <span class="tile-label">Due soon</span>
            </a>
          </li>
        </ul>
      )}

      <h2>Program KPIs</h2>
      {kpis.error && <ErrorState error={kpis.error} retry={kpis.reload} />}
      {kpis.loading && <Loading rows={2} label="Loading KPIs…" />}
      {k && (
        <ul class="tiles" aria-label="Program KPIs">
          <Tile label="Partner-sourced revenue" value={amounts(k.partnerSourcedRevenue)} />
          <Tile label="Revenue per partner" value={amounts(k.revenuePerPartner)} />
          <Tile label="Joint pipeline" value={amounts(k.jointPipeline)} note={`${formatNumber(k.jointPipeline.reduce((n, p) => n + p.deals, 0))} approved deals`} />
          <Tile label="Approval rate" value={formatPercent(k.approvalRate.value)} note={`${part(k.approvalRate, 'approved')} approved, ${part(k.approvalRate, 'rejected')} rejected`} />
          <Tile label="Registration conversion" value={formatPercent(k.registrationConversion.value)} note={`${part(k.registrationConversion, 'won')} won of ${part(k.registrationConversion, 'approved')}`} />
          <Tile
            label="Approval turnaround"
            value={k.approvalTurnaroundHours.median === null ? '—' : `${formatNumber(Math.round(k.approvalTurnaroundHours.median))} h`}
            note={`median of ${k.approvalTurnaroundHours.decisions} decisions`}
          />
          <Tile label="Partner activation" value={formatPercent(k.partnerActivationRate.value)} note={`${part(k.partnerActivationRate, 'activated')} of ${part(k.partnerActivationRate, 'partners')} partners`} />
          <Tile
            label="Time to first deal"
            value={k.timeToFirstDealDays.median === null ? '—' : `${formatNumber(Math.round(k.timeToFirstDealDays.median))} days`}
            note={`median of ${k.timeToFirstDealDays.partners} partners`}
          />
        </ul>
      )}

      {deals.error && <ErrorState error={deals.error} retry={deals.reload} />}
      {deals.data && deals.data.items.length > 0 && (
        <div class="card">
          <BarChart
            title={`Registrations by status${deals.data.nextCursor ? ` (latest ${SAMPLE})` : ''}`}
            bars={DEAL_STATUSES.map((s) => ({ label: statusLabel(s), value: counts[s] }))}
          />
        </div>
      )}
    </section>
  );
}

function Tile({ label, value, note }: { label: string; value: string | string[]; note?: string }) {
  return (
    <li class="tile">
      {Array.isArray(value) ? (
        <span class={`tile-value${value.length > 1 ? ' tile-value-multi' : ''}`}>
          {value.length === 0 ? '—' : value.map((v) => <span key={v}>{v}</span>)}
        </span>
      ) : (
        <span class="tile-value">{value}</span>
      )}
      <span class="tile-label">{label}</span>
      {note && <span class="tile-note muted small">{note}</span>}
    </li>
  );
}

/** One line per currency: amounts in different currencies are never added up. */
const amounts = (list: Array<{ amount: number; currency: string }>) => list.map((a) => formatMoney(a.amount, a.currency));

/** A count beside a rate (the KPI schema's rate parts are not in its inferred type). */
const part = (rate: object, key: string) => formatNumber((rate as Record<string, number | undefined>)[key]);
