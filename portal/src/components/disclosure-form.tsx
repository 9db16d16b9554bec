import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.ts';
import { ErrorState } from './states.tsx';

/**
 * A button that opens a small inline form (reason, code…): keyboard friendly, no modal trap.
 * `onSubmit` resolves true when the action succeeded, which closes the form.
 */
export function DisclosureForm({
  id,
  label,
  submitLabel,
  tone = 'secondary',
  busy,
  error,
  onSubmit,
  children,
}: {
  id: string;
  label: string;
  submitLabel: string;
  tone?: 'primary' | 'secondary' | 'danger';
  busy: boolean;
  error?: ApiError | undefined;
  onSubmit: () => Promise<boolean>;
  children?: ComponentChildren;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div class={`disclosure${open ? ' open' : ''}`}>
      <button type="button" class={`button ${tone === 'primary' ? 'primary' : 'secondary'}`} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <form
          id={id}
          class="disclosure-panel"
          aria-label={label}
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (await onSubmit()) setOpen(false);
          }}
        >
          {error && <ErrorState error={error} inline />}
          {children}
          <div class="form-actions">
            <button type="submit" class={`button ${tone === 'secondary' ? 'primary' : tone}`} disabled={busy} aria-busy={busy}>
              {busy ? 'Working…' : submitLabel}
            </button>
            <button type="button" class="button link" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
