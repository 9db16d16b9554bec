import { useState } from 'preact/hooks';
import type { DealAction } from '../../../worker/domain/deal-lifecycle.ts';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { DealDetailView as DealDetail } from '../api/types.ts';
import { DealFields, draftOf, bodyOf, serverFieldErrors, type DealDraft } from '../components/deal-fields.tsx';
import { DisclosureForm } from '../components/disclosure-form.tsx';
import { Field } from '../components/field.tsx';
import { formatDate, humanize } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { entries, REJECTION_LABELS } from '../lib/labels.ts';

interface Props {
  deal: DealDetail;
  can: (action: DealAction) => boolean;
  onDone: (message: string) => void;
}

/** One action = one POST to /deals/{id}/<action>; on success the page reloads the deal. */
function useDealAction(dealId: string, action: string, onDone: (message: string) => void) {
  const submit = useSubmit();
  return {
    ...submit,
    send: async (body: unknown, message: string, method: 'post' | 'patch' = 'post') => {
      const result = await submit.run(() =>
        method === 'post' ? api.post(paths.dealAction(dealId, action), body) : api.patch(paths.deal(dealId), body),
      );
      if (result === undefined) return false;
      onDone(message);
      return true;
    },
  };
}

const optional = (text: string) => text.trim() || undefined;

function ReasonField({
  id,
  label,
  value,
  onInput,
  error,
  required,
  requiredMessage,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string | undefined;
  required?: boolean;
  /** What to say when it is left empty (checked before sending). */
  requiredMessage?: string;
}) {
  return (
    <Field id={id} label={label} optional={!required} required={required} requiredMessage={requiredMessage} error={error}>
      {(p) => <textarea {...p} rows={3} value={value} onInput={(e) => onInput(valueOf(e))} />}
    </Field>
  );
}

export function PartnerActions({ deal, can, onDone }: Props) {
  const [withdrawReason, setWithdrawReason] = useState('');
  const [extensionReason, setExtensionReason] = useState('');
  const withdraw = useDealAction(deal.id, 'withdraw', onDone);
  const extension = useDealAction(deal.id, 'extension-request', onDone);
  const canExtend = can('request_extension') && !deal.extensionRequestedAt;
  const actions = can('withdraw') || canExtend || can('resubmit');

  return (
    <div class="actions">
      {!actions && <p class="muted">No actions are open for a {humanize(deal.status).toLowerCase()} registration.</p>}
      {deal.extensionRequestedAt && deal.status === 'approved' && (
        <p class="muted">You asked for an extension on {formatDate(deal.extensionRequestedAt)}; a manager will decide.</p>
      )}
      {can('resubmit') && <Resubmit deal={deal} onDone={onDone} />}
      {canExtend && (
        <DisclosureForm
          id="extension-form"
          label="Request extension"
          submitLabel="Send extension request"
          busy={extension.busy}
          error={extension.error}
          onSubmit={() => extension.send({ reason: extensionReason }, 'Extension requested.')}
        >
          <ReasonField
            id="extension-reason"
            label="Why do you need more time?"
            required
            requiredMessage="Tell the manager why you need more time."
            value={extensionReason}
            onInput={setExtensionReason}
            error={extension.error?.fieldError('reason')}
          />
        </DisclosureForm>
      )}
      {can('withdraw') && (
        <DisclosureForm
          id="withdraw-form"
          label="Withdraw"
          submitLabel="Withdraw registration"
          tone="danger"
          busy={withdraw.busy}
          error={withdraw.error}
          onSubmit={() => withdraw.send({ reason: optional(withdrawReason) }, 'Registration withdrawn.')}
        >
          <p>Withdrawing ends the protection of this customer. This cannot be undone.</p>
          <ReasonField id="withdraw-reason" label="Reason" value={withdrawReason} onInput={setWithdrawReason} error={withdraw.error?.fieldError('reason')} />
        </DisclosureForm>
      )}
    </div>
  );
}

/** Answering an information request: edit the registration and add a message. */
function Resubmit({ deal, onDone }: { deal: DealDetail; onDone: (message: string) => void }) {
  const [draft, setDraft] = useState<DealDraft>(() => draftOf(deal));
  const [message, setMessage] = useState('');
  const action = useDealAction(deal.id, 'resubmit', onDone);
  const errors = serverFieldErrors(action.error);
  return (
    <DisclosureForm
      id="resubmit-form"
      label="Update and resubmit"
      submitLabel="Resubmit"
      tone="primary"
      wide
      busy={action.busy}
      error={action.error?.errors.length ? undefined : action.error}
      onSubmit={() => action.send({ ...bodyOf(draft), message }, 'Resubmitted. The manager has been told.')}
    >
      <ReasonField id="resubmit-message" label="Message to the manager" required requiredMessage="Tell the manager what you changed or added." value={message} onInput={setMessage} error={action.error?.fieldError('message')} />
      <DealFields idPrefix="resubmit" draft={draft} errors={errors} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
    </DisclosureForm>
  );
}

export function StaffActions({ deal, can, onDone }: Props) {
  const [approveReason, setApproveReason] = useState('');
  const [infoReason, setInfoReason] = useState('');
  const [rejectCode, setRejectCode] = useState('');
  const [rejectReason, setRejectReason] = useState('');
  const [newExpiry, setNewExpiry] = useState('');
  const [extensionReason, setExtensionReason] = useState('');
  const [declineReason, setDeclineReason] = useState('');
  const approve = useDealAction(deal.id, 'approve', onDone);
  const requestInfo = useDealAction(deal.id, 'request-info', onDone);
  const reject = useDealAction(deal.id, 'reject', onDone);
  const extend = useDealAction(deal.id, 'extension', onDone);
  const decline = useDealAction(deal.id, 'extension', onDone);
  const extensionPending = deal.status === 'approved' && deal.extensionRequestedAt !== null;
  const nothing = !can('approve') && !can('reject') && !can('request_info') && !extensionPending && !can('win');

  return (
    <div class="actions">
      {nothing && <p class="muted">No decisions are open for a {humanize(deal.status).toLowerCase()} registration.</p>}
      {can('approve') && (
        <DisclosureForm
          id="approve-form"
          label="Approve"
          submitLabel="Approve registration"
          tone="primary"
          busy={approve.busy}
          error={approve.error}
          onSubmit={() => approve.send({ reason: optional(approveReason) }, 'Approved. The partner has been told.')}
        >
          <ReasonField id="approve-reason" label="Note to the partner" value={approveReason} onInput={setApproveReason} error={approve.error?.fieldError('reason')} />
        </DisclosureForm>
      )}
      {can('request_info') && (
        <DisclosureForm
          id="request-info-form"
          label="Request info"
          submitLabel="Send request"
          busy={requestInfo.busy}
          error={requestInfo.error}
          onSubmit={() => requestInfo.send({ reason: infoReason.trim() }, 'Information requested from the partner.')}
        >
          <ReasonField
            id="info-reason"
            label="What should the partner add or correct?"
            required
            requiredMessage="Ask the partner a question: they see it on the deal."
            value={infoReason} onInput={setInfoReason} error={requestInfo.error?.fieldError('reason')} />
        </DisclosureForm>
      )}
      {can('reject') && (
        <DisclosureForm
          id="reject-form"
          label="Reject"
          submitLabel="Reject registration"
          tone="danger"
          busy={reject.busy}
          error={reject.error}
          onSubmit={() => reject.send({ reasonCode: rejectCode, reason: optional(rejectReason) }, 'Rejected. The partner has been told.')}
        >
          <Field id="reject-code" label="Reason code" required requiredMessage="Choose a reason code" error={reject.error?.fieldError('reasonCode')}>
            {(p) => (
              <select {...p} value={rejectCode} onChange={(e) => setRejectCode(valueOf(e))}>
                <option value="">Choose a reason…</option>
                {entries(REJECTION_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ReasonField id="reject-reason" label="Explanation for the partner" value={rejectReason} onInput={setRejectReason} error={reject.error?.fieldError('reason')} />
        </DisclosureForm>
      )}
      {extensionPending && (
        <>
          <p>
            The partner asked for an extension on {formatDate(deal.extensionRequestedAt)}. Protection currently ends {formatDate(deal.expiresAt)}.
          </p>
          {deal.extensionPreviewExpiresAt && (
            <p data-testid="extension-preview">
              Approving sets protection until <strong>{formatDate(deal.extensionPreviewExpiresAt)}</strong>.
            </p>
          )}
          <DisclosureForm
            id="extend-form"
            label="Approve extension"
            submitLabel="Extend protection"
            tone="primary"
            busy={extend.busy}
            error={extend.error}
            onSubmit={() =>
              extend.send(
                {
                  decision: 'approve',
                  newExpiresAt: newExpiry ? new Date(`${newExpiry}T23:59:59Z`).toISOString() : undefined,
                  reason: optional(extensionReason),
                },
                'Extension approved.',
              )
            }
          >
            <Field
              id="extend-date"
              label="New protection end"
              optional
              hint={
                deal.extensionPreviewExpiresAt
                  ? `Leave empty to protect until ${formatDate(deal.extensionPreviewExpiresAt)} (the tier's protection period).`
                  : "Leave empty for the tier's protection period."
              }
              error={extend.error?.fieldError('newExpiresAt')}>
              {(p) => <input {...p} type="date" value={newExpiry} onInput={(e) => setNewExpiry(valueOf(e))} />}
            </Field>
            <ReasonField id="extend-reason" label="Note to the partner" value={extensionReason} onInput={setExtensionReason} error={extend.error?.fieldError('reason')} />
          </DisclosureForm>
          <DisclosureForm
            id="decline-form"
            label="Decline extension"
            submitLabel="Decline extension"
            tone="danger"
            busy={decline.busy}
            error={decline.error}
            onSubmit={() => decline.send({ decision: 'decline', reason: optional(declineReason) }, 'Extension declined.')}
          >
            <ReasonField id="decline-reason" label="Explanation for the partner" value={declineReason} onInput={setDeclineReason} error={decline.error?.fieldError('reason')} />
          </DisclosureForm>
        </>
      )}
      {can('win') && <Outcome deal={deal} onDone={onDone} />}
    </div>
  );
}

/** Staff record the outcome of an approved deal when the CRM does not. */
function Outcome({ deal, onDone }: { deal: DealDetail; onDone: (message: string) => void }) {
  const [wonAmount, setWonAmount] = useState(String(deal.estimatedValue));
  const [closeDate, setCloseDate] = useState(new Date().toISOString().slice(0, 10));
  const [lostReason, setLostReason] = useState('');
  const won = useDealAction(deal.id, '', onDone);
  const lost = useDealAction(deal.id, '', onDone);
  return (
    <>
      <DisclosureForm
        id="won-form"
        label="Mark won"
        submitLabel="Mark as won"
        busy={won.busy}
        error={won.error}
        onSubmit={() => won.send({ stage: 'won', wonAmount: Number(wonAmount), closeDate }, 'Marked as won.', 'patch')}
      >
        <div class="grid-2">
          <Field id="won-amount" label={`Won amount (${deal.currency})`} required error={won.error?.fieldError('wonAmount')}>
            {(p) => <input {...p} type="number" step="any" min="0" value={wonAmount} onInput={(e) => setWonAmount(valueOf(e))} />}
          </Field>
          <Field id="won-date" label="Close date" required error={won.error?.fieldError('closeDate')}>
            {(p) => <input {...p} type="date" value={closeDate} onInput={(e) => setCloseDate(valueOf(e))} />}
          </Field>
        </div>
      </DisclosureForm>
      <DisclosureForm
        id="lost-form"
        label="Mark lost"
        submitLabel="Mark as lost"
        busy={lost.busy}
        error={lost.error}
        onSubmit={() => lost.send({ stage: 'lost', lostReason }, 'Marked as lost.', 'patch')}
      >
        <ReasonField id="lost-reason" label="Why was it lost?" required requiredMessage="Say why the deal was lost." value={lostReason} onInput={setLostReason} error={lost.error?.fieldError('lostReason')} />
      </DisclosureForm>
    </>
  );
}
