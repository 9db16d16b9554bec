import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Partner, Tier, TierList, User, UserPage } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading, Notice } from '../components/states.tsx';
import { formatDate } from '../lib/format.ts';
import { entries, PARTNER_TYPE_LABELS, STAGE_LABELS } from '../lib/labels.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, usePaged } from '../lib/use-api.ts';
import { useMe } from '../session.tsx';
import { LoadMore } from '../components/load-more.tsx';
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
            setEditing(null);
            page.reload();
          }}
        />
      )}
      {onboarding && <OnboardingPanel key={onboarding.id} partnerId={onboarding.id} partnerName={onboarding.name} onChanged={page.reload} />}
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && page.items.length === 0 && <Loading rows={4} />}
      {!page.loading && !page.error && page.items.length === 0 && (
        <Empty title="No partners yet.">
          <button type="button" class="button primary" onClick={() => setEditing('new')}>
            Add the first partner
          </button>
        </Empty>
      )}
      {page.items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Partners">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Tier</th>
                <th scope="col">Stage</th>
                <th scope="col">Region</th>
                <th scope="col">Owner</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={`/deals?partnerId=${p.id}`}>{p.name}</a>
                  </td>
                  <td>{PARTNER_TYPE_LABELS[p.type]}</td>
                  <td>{p.tierName ?? '—'}</td>
                  <td>
                    <Badge tone={STAGE_TONES[p.stage] ?? 'neutral'}>{STAGE_LABELS[p.stage]}</Badge>
                  </td>
                  <td>{p.region}</td>
                  <td>{ownerName(p.ownerId)}</td>
                  <td>{formatDate(p.createdAt)}</td>
                  <td>
                    <button type="button" class="button link" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                      Edit
                    </button>
                    <button type="button" class="button link" aria-label={`Onboarding of ${p.name}`} aria-expanded={onboarding?.id === p.id} onClick={() => setOnboarding(onboarding?.id === p.id ? null : p)}>
                      Onboarding
                    </button>
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
        <Field id="partner-name" label="Name" error={save.error?.fieldError('name')}>
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
        <Field id="partner-region" label="Region" hint="e.g. EMEA, NA, APAC" error={save.error?.fieldError('region')}>
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
