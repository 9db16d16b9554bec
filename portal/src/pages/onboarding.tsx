import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { PartnerOnboarding } from '../api/types.ts';
import { Field } from '../components/field.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { AT_RISK_LABELS, CHECKLIST_LABELS } from '../lib/cert-labels.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { STAGE_LABELS } from '../lib/labels.ts';
import { useApi } from '../lib/use-api.ts';

/** The checklist, as both sides see it. */
export function OnboardingChecklist({ onboarding }: { onboarding: PartnerOnboarding }) {
  return (
    <>
      <ul class="plain-list checklist" aria-label="Onboarding checklist">
        {onboarding.checklist.map((c) => (
          <li key={c.item}>
            <span aria-hidden="true">{c.done ? '☑' : '☐'}</span> {CHECKLIST_LABELS[c.item]}
            {c.done ? <span class="muted"> — {formatDate(c.doneOn)}</span> : <span class="visually-hidden"> — not yet</span>}
            {!c.automatic && !c.done && <span class="muted"> (your partner manager ticks this)</span>}
          </li>
        ))}
      </ul>
      {onboarding.atRisk && (
        <p class="alert alert-warning" role="status">
          At risk (proposed {formatDate(onboarding.atRisk.proposedAt)}): {onboarding.atRisk.reasons.map((r) => AT_RISK_LABELS[r]).join('; ')}.
        </p>
      )}
    </>
  );
}

/** Managers: checklist with the agreement tick, stage change and history, on the partners page. */
export function OnboardingPanel({ partnerId, partnerName, onChanged }: { partnerId: string; partnerName: string; onChanged: () => void }) {
  const data = useApi<PartnerOnboarding>(paths.onboarding(partnerId));
  const [signedOn, setSignedOn] = useState('');
  const [stage, setStage] = useState('');
  const [reason, setReason] = useState('');
  const save = useSubmit();

  async function tick(e: Event) {
    e.preventDefault();
    if (await save.run(() => api.put(paths.agreement(partnerId), { signedOn: signedOn || null }))) data.reload();
  }
  async function move(e: Event) {
    e.preventDefault();
    if (await save.run(() => api.post(paths.partnerStage(partnerId), { stage, reason: reason.trim() || undefined }))) {
      setReason('');
      data.reload();
      onChanged();
    }
  }

  return (
    <div class="card" aria-label={`Onboarding of ${partnerName}`}>
      <h2>Onboarding: {partnerName}</h2>
      {data.error && <ErrorState error={data.error} retry={data.reload} />}
      {data.loading && !data.data && <Loading rows={2} />}
      {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
      {data.data && (
        <>
          <p>
            Stage: <strong>{STAGE_LABELS[data.data.stage]}</strong>
          </p>
          <OnboardingChecklist onboarding={data.data} />
          <div class="grid-3">
            <form onSubmit={tick} noValidate aria-label="Partner agreement">
              <Field id={`agreement-${partnerId}`} label="Agreement signed on" hint="Empty unticks it" error={save.error?.fieldError('signedOn')}>
                {(p) => <input {...p} type="date" value={signedOn} onInput={(e) => setSignedOn(valueOf(e))} />}
              </Field>
              <button type="submit" class="button" disabled={save.busy}>
                Save agreement date
              </button>
            </form>
            <form onSubmit={move} noValidate aria-label="Lifecycle stage">
              <Field id={`stage-${partnerId}`} label="Move to stage" error={save.error?.fieldError('stage')}>
                {(p) => (
                  <select {...p} value={stage} onChange={(e) => setStage(valueOf(e))}>
                    <option value="">Choose…</option>
                    {Object.entries(STAGE_LABELS)
                      .filter(([v]) => v !== data.data!.stage)
                      .map(([v, l]) => (
                        <option key={v} value={v}>
                          {l}
                        </option>
                      ))}
                  </select>
                )}
              </Field>
              <Field id={`stage-reason-${partnerId}`} label="Reason" optional>
                {(p) => <input {...p} value={reason} onInput={(e) => setReason(valueOf(e))} />}
              </Field>
              <button type="submit" class="button" disabled={save.busy || !stage}>
                Change stage
              </button>
            </form>
          </div>
          <h3>Stage history</h3>
          <ol class="plain-list">
            {data.data.history.map((h) => (
              <li key={h.at + h.to}>
                {formatDateTime(h.at)}: {h.from ? `${STAGE_LABELS[h.from]} → ` : ''}
                {STAGE_LABELS[h.to]}
                {h.by && ` by ${h.by}`}
                {h.reason && ` — ${h.reason}`}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
