import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, idempotencyKey } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Deal, PrecheckAnswer } from '../api/types.ts';
import { DealFields, emptyDraft, serverFieldErrors, type DealDraft, type FieldErrors } from '../components/deal-fields.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ErrorState } from '../components/states.tsx';
import { formatDate } from '../lib/format.ts';
import { problemText } from '../lib/problem-text.ts';
import { useSubmit } from '../lib/form.ts';
import { validateDraft } from '../lib/deal-validation.ts';
import { defaultCurrency } from '../lib/locale-lists.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, useDebounced } from '../lib/use-api.ts';

export function RegisterDeal() {
  usePageTitle('Register a deal');
  const location = useLocation();
  const [draft, setDraft] = useState<DealDraft>(() => emptyDraft(defaultCurrency()));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const { busy, error, run } = useSubmit();
  // One key per submission of the same content: a double click or a retry after a network
  // error reuses it (the server answers the first result); any edit starts a new submission.
  const submissionKey = useRef<string | null>(null);
  // Guards against a second submit before the disabled button has re-rendered (double click).
  const inFlight = useRef(false);

  const change = (patch: Partial<DealDraft>) => {
    submissionKey.current = null;
    const next = { ...draft, ...patch };
    setDraft(next);
    // As you type: a field showing an error is re-checked on every change (the message goes as
    // soon as the value is right); other fields wait until they lose focus.
    setClientErrors((errs) => {
      const now = validateDraft(next);
      const updated = { ...errs };
      for (const k of Object.keys(patch) as Array<keyof DealDraft>) {
        const message = errs[k] && !now.ok ? now.errors[k] : undefined;
        if (message) updated[k] = message;
        else delete updated[k];
      }
      return updated;
    });
  };

  /** A field the user leaves with a value in it is checked at once (blank ones say "Required" on submit). */
  const leave = (e: FocusEvent) => {
    const name = (e.target as HTMLInputElement | null)?.name as keyof DealDraft | undefined;
    if (!name || !(name in draft) || name === 'products') return;
    const value = draft[name];
    if (typeof value !== 'string' || value.trim() === '') return;
    const checked = validateDraft(draft);
    const message = checked.ok ? undefined : checked.errors[name];
    setClientErrors((errs) => {
      if (errs[name] === message) return errs;
      const updated = { ...errs };
      if (message) updated[name] = message;
      else delete updated[name];
      return updated;
    });
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (inFlight.current) return;
    const checked = validateDraft(draft);
    if (!checked.ok) {
      setClientErrors(checked.errors);
      focusFirstError();
      return;
    }
    setClientErrors({});
    submissionKey.current ??= idempotencyKey();
    const key = submissionKey.current;
    inFlight.current = true;
    const deal = await run(() => api.post<Deal>(paths.deals, checked.body, { headers: { 'Idempotency-Key': key } }));
    inFlight.current = false;
    if (deal) location.route(`/deals/${deal.id}?registered=1`);
    else focusFirstError();
  }

  const errors = { ...serverFieldErrors(error), ...clientErrors };
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <section>
      <PageHeader title="Register a deal" lead="Approved registrations protect your opportunity for your tier's protection period." />
      {hasErrors && (
        <div class="alert alert-error" role="alert">
          <p class="alert-title">Please correct the highlighted fields.</p>
        </div>
      )}
      {error && error.errors.length === 0 && <ErrorState error={error} />}
      <form class="form" onSubmit={submit} onFocusOut={leave} noValidate aria-busy={busy}>
        <DealFields
          draft={draft}
          errors={errors}
          onChange={change}
          customerStatus={<PrecheckStatus domain={draft.customerDomain} company={draft.customerName} />}
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Registering…' : 'Register deal'}
          </button>
          <a class="button secondary" href="/deals">
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}

function focusFirstError() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input')?.focus());
}

/** Live answer to "can I register this customer?" — never says who holds it. */
function PrecheckStatus({ domain, company }: { domain: string; company: string }) {
  const d = useDebounced(domain.trim(), 400);
  const c = useDebounced(company.trim(), 400);
  const looksLikeDomain = /\.[a-z]{2,}/i.test(d);
  const ready = looksLikeDomain || c.length >= 3;
  const check = useApi<PrecheckAnswer>(ready ? paths.precheck : null, { domain: looksLikeDomain ? d : undefined, company: c.length >= 3 ? c : undefined });

  let content: preact.ComponentChildren = null;
  if (!ready) content = <span class="muted">Enter the customer to check whether it is free to register.</span>;
  else if (check.loading) content = <span class="muted">Checking…</span>;
  else if (check.error) content = <span class="muted">Could not check this customer right now ({problemText(check.error).heading}).</span>;
  else if (check.data?.result === 'clear') content = <span class="precheck-clear">✓ Clear: no active registration or existing customer found.</span>;
  else if (check.data?.result === 'protected')
    content = (
      <span class="precheck-warn">
        ⚠ Protected: this customer is already registered
        {check.data.protectedUntil ? ` until ${formatDate(check.data.protectedUntil)}` : ''}. You can still submit; a manager decides.
      </span>
    );
  else if (check.data?.result === 'own_registration')
    content = (
      <span class="precheck-warn">
        ⚠ Your company already registered this customer.{' '}
        {check.data.dealId ? <a href={`/deals/${check.data.dealId}`}>Open that registration</a> : 'Ask your partner admin before registering it again.'}
      </span>
    );
  else if (check.data?.result === 'existing_customer')
    content = <span class="precheck-warn">⚠ Existing customer: registrations for existing customers are usually rejected.</span>;

  return (
    <div class="precheck" aria-live="polite" data-testid="precheck">
      {content}
    </div>
  );
}
