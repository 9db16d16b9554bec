import { paths } from '../api/paths.ts';
import type { PartnerOnboarding, TierList, TierStatus } from '../api/types.ts';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { gapText, gapValue, requirementLabel } from '../lib/cert-labels.ts';
import { formatMoney } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi } from '../lib/use-api.ts';
import { useMe } from '../session.tsx';
import { OnboardingChecklist } from './onboarding.tsx';

/** A partner's tier: benefits, progress to the next tier with the exact gaps, and onboarding. */
export function OurTier() {
  usePageTitle('Our tier');
  const me = useMe();
  const partnerId = me.user.partnerId ?? '';
  const status = useApi<TierStatus>(paths.tierStatus(partnerId));
  const tiers = useApi<TierList>(paths.tiers);
  const onboarding = useApi<PartnerOnboarding>(paths.onboarding(partnerId));
  const current = tiers.data?.items.find((t) => t.id === status.data?.tier?.id);

  return (
    <section>
      <PageHeader title="Our tier" lead="Your program tier, its benefits, and exactly what the next tier needs." />
      {status.error && <ErrorState error={status.error} retry={status.reload} />}
      {status.loading && !status.data && <Loading rows={3} label="Loading your tier…" />}
      {status.data && <TierProgress status={status.data} protectionDays={current?.protectionDays} />}
      <h2>Onboarding</h2>
      {onboarding.error && <ErrorState error={onboarding.error} retry={onboarding.reload} />}
      {onboarding.loading && !onboarding.data && <Loading rows={2} />}
      {onboarding.data && <OnboardingChecklist onboarding={onboarding.data} />}
    </section>
  );
}

export function TierProgress({ status, protectionDays }: { status: TierStatus; protectionDays?: number | undefined }) {
  const { tier, next, requirements, gaps, facts, proposal } = status;
  return (
    <>
      <div class="card" aria-label="Current tier">
        <h2>{tier ? tier.name : 'No tier yet'}</h2>
        {tier && (
          <p>
            Benefits: approved registrations are protected for <strong>{protectionDays ?? tier.protectionDays} days</strong>; content for {tier.name} and lower tiers.
          </p>
        )}
        <p class="muted">
          {facts.certifiedPeople} certified {facts.certifiedPeople === 1 ? 'person' : 'people'} · {facts.wonDeals} won {facts.wonDeals === 1 ? 'deal' : 'deals'} · won revenue{' '}
          {facts.wonRevenue.perCurrency.length ? facts.wonRevenue.perCurrency.map((r) => formatMoney(r.amount, r.currency)).join(', ') : 'none'} (last 12 months)
        </p>
        {proposal && (
          <p role="status">
            A change to <strong>{proposal.to?.name ?? 'no tier'}</strong> is proposed and waits for your partner manager.
          </p>
        )}
      </div>
      {next ? (
        <div class="card" aria-label={`Progress to ${next.name}`}>
          <h2>Progress to {next.name}</h2>
          {gaps.length > 0 && (
            <p>
              <strong>Still needed:</strong> {gaps.map(gapText).join(', ')}.
            </p>
          )}
          {gaps.length === 0 && <p>Every requirement of {next.name} is met.</p>}
          <ul class="plain-list progress-list">
            {requirements.map((r) => {
              const id = `req-${r.requirement}-${r.programId ?? r.currency ?? ''}`;
              return (
                <li key={id}>
                  <label for={id}>
                    {requirementLabel(r)}: {gapValue(r, r.have)} of {gapValue(r, r.need)} {r.met ? '✓' : ''}
                  </label>
                  <progress id={id} max={r.need} value={Math.min(r.have, r.need)} />
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        <p>You are in the highest tier.</p>
      )}
    </>
  );
}
