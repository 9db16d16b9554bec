import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Partner, Tier, TierList, User, UserPage } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Notice } from '../components/states.tsx';
import { PagedTable } from '../components/data-table.tsx';
import { invalidatePartnerList } from '../lib/partner-list.ts';
import { formatDate } from '../lib/format.ts';
import { entries, PARTNER_TYPE_LABELS, STAGE_LABELS } from '../lib/labels.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, usePaged } from '../lib/use-api.ts';
import { useMe } from '../session.tsx';
import { OnboardingPanel } from './onboarding.tsx';

const STAGE_TONES: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = { active: 'good', onboarding: 'neutral', prospect: 'neutral', at_risk: 'warn', inactive: 'bad' };

export function Partners() {
  usePageTitle('Partners');
  const page = usePaged<Partner>(paths.partners, { limit: 50 });
  const tiers = useApi<TierList>(paths.tiers);
  const staffUsers = useApi<UserPage>(paths.users, { limit: 100 });
  const owners = (staffUsers.data?.items ?? []).filter((u) => u.partnerId === null && u.status === 'active');
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);
  const [onboarding, setOnboarding] = useState<Partner | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ownerName = (id: string | null) => (id ? (owners.find((u) => u.id === id)?.name ?? '—') : '—');

  return (
    <section>
      <PageHeader title="Partners" lead="Partner companies, their tier, lifecycle stage and owning manager.">
        <button type="button" class="button primary" onClick={() => setEditing('new')} aria-expanded={editing === 'new'}>
          Add partner
        </button>
      </PageHeader>
      {notice && <Notice>{notice}</Notice>}
      {editing && (
        <PartnerForm
          key={editing === 'new' ? 'new' : editing.id}
          partner={editing === 'new' ? null : editing}
          tiers={tiers.data?.items ?? []}
          owners={owners}
          onCancel={() => setEditing(null)}
          onSaved={(p) => {
            setNotice(`${p.name} saved.`);
            invalidatePartnerList();
            setEditing(null);
            page.reload();
          }}
        />
      )}
      {onboarding && <OnboardingPanel key={onboarding.id} partnerId={onboarding.id} partnerName={onboarding.name} onChanged={page.reload} />}
      <PagedTable
        page={page}
        label="Partners"
        columns={[
          { header: 'Name', head: true, cell: (p) => <a href={`/deals?partnerId=${encodeURIComponent(p.id)}`}>{p.name}</a> },
          { header: 'Type', cell: (p) => PARTNER_TYPE_LABELS[p.type] },
          { header: 'Tier', cell: (p) => p.tierName ?? '—' },
          { header: 'Stage', cell: (p) => <Badge tone={STAGE_TONES[p.stage] ?? 'neutral'}>{STAGE_LABELS[p.stage]}</Badge> },
          { header: 'Region', cell: (p) => p.region },
          { header: 'Owner', cell: (p) => ownerName(p.ownerId) },
          { header: 'Since', cell: (p) => formatDate(p.createdAt) },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (p) => (
              <>
                <button type="button" class="button link" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                  Edit
                </button>
                <button type="button" class="button link" aria-label={`Onboarding of ${p.name}`} aria-expanded={onboarding?.id === p.id} onClick={() => setOnboarding(onboarding?.id === p.id ? null : p)}>
                  Onboarding
                </button>
              </>
            ),
          },
        ]}
        empty={
          <Empty title="No partners yet.">
            <button type="button" class="button primary" onClick={() => setEditing('new')}>
              Add the first partner
            </button>
          </Empty>
        }
      />
    </section>
  );
}

function PartnerForm({
  partner,
  tiers,
  owners,
  onCancel,
  onSaved,
}: {
  partner: Partner | null;
  tiers: Tier[];
  owners: User[];
  onCancel: () => void;
  onSaved: (p: Partner) => void;
}) {
  const me = useMe();
  const [name, setName] = useState(partner?.name ?? '');
  const [type, setType] = useState<string>(partner?.type ?? 'reseller');
  const [tierId, setTierId] = useState(partner?.tierId ?? '');
  const [stage, setStage] = useState<string>(partner?.stage ?? 'prospect');
  const [region, setRegion] = useState(partner?.region ?? '');
  const [ownerId, setOwnerId] = useState(partner?.ownerId ?? me.user.id);
  const save = useSubmit();
  const title = partner ? `Edit ${partner.name}` : 'Add a partner';

  async function submit(e: Event) {
    e.preventDefault();
    const body = { name, type, tierId: tierId || null, stage, region, ownerId: ownerId || null };
    const saved = await save.run(() => (partner ? api.patch<Partner>(paths.partner(partner.id), body) : api.post<Partner>(paths.partners, body)));
    if (saved) onSaved(saved);
  }

  return (
    <form class="card" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
      <div class="grid-3">
        <Field id="partner-name" label="Name" required error={save.error?.fieldError('name')}>
          {(p) => <input {...p} value={name} onInput={(e) => setName(valueOf(e))} />}
        </Field>
        <Field id="partner-type" label="Type" error={save.error?.fieldError('type')}>
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(valueOf(e))}>
              {entries(PARTNER_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="partner-tier" label="Tier" error={save.error?.fieldError('tierId')}>
          {(p) => (
            <select {...p} value={tierId} onChange={(e) => setTierId(valueOf(e))}>
              <option value="">No tier</option>
              {tiers.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="partner-stage" label="Lifecycle stage" error={save.error?.fieldError('stage')}>
          {(p) => (
            <select {...p} value={stage} onChange={(e) => setStage(valueOf(e))}>
              {entries(STAGE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="partner-region" label="Region" required hint="e.g. EMEA, NA, APAC" error={save.error?.fieldError('region')}>
          {(p) => <input {...p} value={region} onInput={(e) => setRegion(valueOf(e))} />}
        </Field>
        <Field id="partner-owner" label="Owning manager" error={save.error?.fieldError('ownerId')}>
          {(p) => (
            <select {...p} value={ownerId} onChange={(e) => setOwnerId(valueOf(e))}>
              <option value="">Nobody</option>
              {owners.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={save.busy} aria-busy={save.busy}>
          {partner ? 'Save changes' : 'Add partner'}
        </button>
        <button type="button" class="button link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
