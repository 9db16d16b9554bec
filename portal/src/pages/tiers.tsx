import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { CertificationProgramList, Tier, TierList, TierProposal } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { Field } from '../components/field.tsx';
import { DataTable, PagedTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading, Notice } from '../components/states.tsx';
import { formatDate, formatMoney } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, usePaged } from '../lib/use-api.ts';

/** Managers: tier proposals from the daily job, and the tier definitions. */
export function Tiers() {
  usePageTitle('Tiers');
  const [notice, setNotice] = useState<string | null>(null);
  const proposals = usePaged<TierProposal>(paths.tierProposals, { status: 'open', limit: 25 });
  const tiers = useApi<TierList>(paths.tiers);
  const decide = useSubmit();
  const order = useSubmit();

  async function act(p: TierProposal, action: 'approve' | 'dismiss') {
    if (await decide.run(() => api.post(paths.tierProposalAction(p.id, action)))) {
      setNotice(action === 'approve' ? `${p.partnerName} is now ${p.to?.name ?? 'without a tier'}.` : `Proposal for ${p.partnerName} dismissed.`);
      proposals.reload();
    }
  }
  const waiting = (p: TierProposal) => Date.parse(p.approvableFrom) > Date.now();
  async function move(index: number, by: -1 | 1) {
    const items = [...(tiers.data?.items ?? [])];
    const [t] = items.splice(index, 1);
    items.splice(index + by, 0, t!);
    if (await order.run(() => api.post(paths.tiersReorder, { ids: items.map((x) => x.id) }))) tiers.reload();
  }

  return (
    <section>
      <PageHeader title="Tiers" lead="Tier changes proposed by the daily review, and what each tier requires and gives." />
      {notice && <Notice>{notice}</Notice>}
      <h2>Proposed tier changes</h2>
      {decide.error && <ErrorState error={decide.error} />}
      <PagedTable
        page={proposals}
        label="Proposed tier changes"
        loadingRows={2}
        columns={[
          { header: 'Partner', head: true, cell: (p) => p.partnerName },
          {
            header: 'Change',
            cell: (p) => (
              <>
                <Badge tone={p.direction === 'upgrade' ? 'good' : 'warn'}>{p.direction === 'upgrade' ? 'Upgrade' : 'Downgrade'}</Badge> {p.from?.name ?? 'No tier'} → {p.to?.name ?? 'No tier'}
                {waiting(p) && <div class="muted">Grace period until {formatDate(p.approvableFrom)}</div>}
              </>
            ),
          },
          { header: 'Proposed', cell: (p) => formatDate(p.proposedAt) },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (p) => (
              <div class="row-actions">
                <button type="button" class="button primary" disabled={decide.busy || waiting(p)} onClick={() => void act(p, 'approve')} aria-label={`Approve ${p.partnerName}: ${p.to?.name ?? 'no tier'}`}>
                  Approve
                </button>
                <button type="button" class="button link" disabled={decide.busy} onClick={() => void act(p, 'dismiss')} aria-label={`Dismiss the proposal for ${p.partnerName}`}>
                  Dismiss
                </button>
              </div>
            ),
          },
        ]}
        empty={<Empty title="No tier changes waiting." />}
      />

      <h2>Tier definitions</h2>
      {tiers.error && <ErrorState error={tiers.error} retry={tiers.reload} />}
      {order.error && <ErrorState error={order.error} />}
      {tiers.loading && !tiers.data && <Loading rows={3} />}
      {tiers.data && (
        <DataTable
          label="Tier definitions"
          rows={tiers.data.items}
          columns={[
            { header: 'Tier', head: true, cell: (t) => t.name },
            {
              header: 'Certified people',
              cell: (t) => (
                <>
                  {t.requiredCertifiedPeople}
                  {t.programRequirements.map((r) => (
                    <div key={r.programId} class="muted">
                      + {r.people} in {r.programName}
                    </div>
                  ))}
                </>
              ),
            },
            { header: 'Won revenue (12 months)', cell: (t) => formatMoney(t.requiredRevenue, t.requiredRevenueCurrency) },
            { header: 'Won deals (12 months)', cell: (t) => t.requiredWonDeals },
            { header: 'Protection days', cell: (t) => t.protectionDays },
            {
              header: 'Order',
              hideHeader: true,
              cell: (t) => {
                const all = tiers.data?.items ?? [];
                const i = all.indexOf(t);
                return (
                  <div class="row-actions">
                    <button type="button" class="button link" disabled={i === 0 || order.busy} onClick={() => void move(i, -1)} aria-label={`Move ${t.name} down a rank`}>
                      ↑
                    </button>
                    <button type="button" class="button link" disabled={i === all.length - 1 || order.busy} onClick={() => void move(i, 1)} aria-label={`Move ${t.name} up a rank`}>
                      ↓
                    </button>
                  </div>
                );
              },
            },
          ]}
        />
      )}
      {tiers.data && <TierForm tiers={tiers.data.items} onSaved={tiers.reload} />}
    </section>
  );
}

const NEW_TIER = { name: '', protectionDays: '90', requiredCertifiedPeople: '0', requiredRevenue: '0', requiredRevenueCurrency: 'USD', requiredWonDeals: '0' };

/** One "N people certified in program P" line of a tier's requirements, as typed. */
interface RequirementRow {
  key: number;
  programId: string;
  people: string;
}

function TierForm({ tiers, onSaved }: { tiers: Tier[]; onSaved: () => void }) {
  const [tierId, setTierId] = useState('');
  const editing = tiers.find((t) => t.id === tierId);
  const [fields, setFields] = useState(NEW_TIER);
  const [requirements, setRequirements] = useState<RequirementRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [saved, setSaved] = useState<string>();
  const programs = useApi<CertificationProgramList>(paths.programs);
  const save = useSubmit();
  const set = (k: keyof typeof fields) => (e: Event) => setFields({ ...fields, [k]: valueOf(e) });

  function choose(id: string) {
    setTierId(id);
    setSaved(undefined);
    save.setError(undefined);
    const t = tiers.find((x) => x.id === id);
    setFields(
      t
        ? {
            name: t.name,
            protectionDays: String(t.protectionDays),
            requiredCertifiedPeople: String(t.requiredCertifiedPeople),
            requiredRevenue: String(t.requiredRevenue),
            requiredRevenueCurrency: t.requiredRevenueCurrency,
            requiredWonDeals: String(t.requiredWonDeals),
          }
        : NEW_TIER,
    );
    const rows = (t?.programRequirements ?? []).map((r, i) => ({ key: nextKey + i, programId: r.programId, people: String(r.people) }));
    setNextKey(nextKey + rows.length);
    setRequirements(rows);
  }
  const addRequirement = () => {
    setRequirements([...requirements, { key: nextKey, programId: '', people: '1' }]);
    setNextKey(nextKey + 1);
  };
  const changeRequirement = (key: number, change: Partial<RequirementRow>) => setRequirements(requirements.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const removeRequirement = (key: number) => setRequirements(requirements.filter((r) => r.key !== key));

  async function submit(e: Event) {
    e.preventDefault();
    setSaved(undefined);
    const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
    const body = {
      name: fields.name,
      protectionDays: num(fields.protectionDays),
      requiredCertifiedPeople: num(fields.requiredCertifiedPeople),
      requiredRevenue: num(fields.requiredRevenue),
      requiredRevenueCurrency: fields.requiredRevenueCurrency,
      requiredWonDeals: num(fields.requiredWonDeals),
      // The whole list, every time: a PATCH replaces it with what the form shows.
      programRequirements: requirements.map((r) => ({ programId: r.programId, people: num(r.people) })),
    };
    const result = await save.run(() => (editing ? api.patch<Tier>(paths.tier(editing.id), body) : api.post<Tier>(paths.tiers, body)));
    if (!result) return;
    setSaved(editing ? `${result.name} saved.` : `${result.name} added.`);
    if (!editing) {
      setFields(NEW_TIER);
      setRequirements([]);
    }
    onSaved();
  }

  const field = (k: keyof typeof fields, label: string, hint?: string) => (
    <Field id={`tier-${k}`} label={label} hint={hint} error={save.error?.fieldError(k)}>
      {(p) => <input {...p} value={fields[k]} onInput={set(k)} />}
    </Field>
  );
  const listError = save.error?.errors.find((e) => e.field === 'programRequirements')?.message;
  const programList = programs.data?.items ?? [];
  return (
    <form class="card" onSubmit={submit} noValidate aria-label="Add or edit a tier">
      <h3>{editing ? `Edit ${editing.name}` : 'Add a tier'}</h3>
      {saved && <Notice>{saved}</Notice>}
      {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
      <Field id="tier-choice" label="Tier">
        {(p) => (
          <select {...p} value={tierId} onChange={(e) => choose(valueOf(e))}>
            <option value="">New tier (placed on top)</option>
            {tiers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="grid-3">
        {field('name', 'Name')}
        {field('protectionDays', 'Protection days', 'Benefit: how long approved deals are protected')}
        {field('requiredCertifiedPeople', 'Certified people', 'In any program')}
        {field('requiredRevenue', 'Won revenue, last 12 months')}
        {field('requiredRevenueCurrency', 'Revenue currency', 'Only revenue in this currency counts')}
        {field('requiredWonDeals', 'Won deals, last 12 months')}
      </div>
      <fieldset class="requirements" aria-describedby={listError ? 'tier-requirements-error' : undefined}>
        <legend>Certification requirements</legend>
        <p class="hint">People certified in a particular program, on top of the certified people above.</p>
        {programs.error && <ErrorState error={programs.error} retry={programs.reload} />}
        {/* Rows wait for the program list: a select whose options arrive later keeps showing no choice. */}
        {!programs.data && !programs.error && <Loading rows={1} />}
        {programs.data && requirements.length === 0 && <p class="muted">None: any certification counts.</p>}
        {programs.data && requirements.map((r, i) => (
          <div class="requirement-row" key={r.key}>
            <Field id={`tier-req-${r.key}-program`} label={`Program (requirement ${i + 1})`} error={save.error?.fieldError(`programRequirements.${i}.programId`)}>
              {(p) => (
                <select {...p} value={r.programId} onChange={(e) => changeRequirement(r.key, { programId: valueOf(e) })}>
                  <option value="">Choose a program…</option>
                  {programList.map((pg) => (
                    <option key={pg.id} value={pg.id} disabled={pg.id !== r.programId && requirements.some((o) => o.programId === pg.id)}>
                      {pg.name}
                      {pg.active ? '' : ' (retired)'}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={`tier-req-${r.key}-people`} label={`People (requirement ${i + 1})`} error={save.error?.fieldError(`programRequirements.${i}.people`)}>
              {(p) => <input {...p} inputMode="numeric" value={r.people} onInput={(e) => changeRequirement(r.key, { people: valueOf(e) })} />}
            </Field>
            <button type="button" class="button link" onClick={() => removeRequirement(r.key)} aria-label={`Remove requirement ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        {listError && (
          <p id="tier-requirements-error" class="field-error" role="alert">
            {listError}
          </p>
        )}
        <button type="button" class="button secondary" onClick={addRequirement} disabled={!programs.data || requirements.length >= programList.length}>
          Add a program requirement
        </button>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={save.busy}>
          {editing ? 'Save tier' : 'Add tier'}
        </button>
      </div>
    </form>
  );
}
