import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.ts';
import { MissingFields } from './field.tsx';
import { ErrorState } from './states.tsx';

/** Required controls of a form that are still empty (checked before anything is sent). */
function emptyRequired(form: HTMLFormElement): string[] {
  return [...form.querySelectorAll<HTMLInputElement>('[required]')]
    .filter((control) => control.id && control.value.trim() === '')
    .map((control) => control.id);
}

/**
 * A button that opens a small inline form (reason, code…): keyboard friendly, no modal trap.
 * `onSubmit` resolves true when the action succeeded, which closes the form. Required fields
 * left empty are marked next to the field without a round trip.
 * `wide`: the panel takes the page width (for forms too big for a narrow column).
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
  wide,
}: {
  id: string;
  label: string;
  submitLabel: string;
  tone?: 'primary' | 'secondary' | 'danger';
  busy: boolean;
  error?: ApiError | undefined;
  onSubmit: () => Promise<boolean>;
  children?: ComponentChildren;
  wide?: boolean;
}) {
  const [open, setOpenState] = useState(false);
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const setOpen = (next: boolean) => {
    setOpenState(next);
    setMissing(new Set());
  };
  return (
    <div class={`disclosure${open ? ' open' : ''}`}>
      <button type="button" class={`button ${tone === 'primary' ? 'primary' : 'secondary'}`} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <form
          id={id}
          class={`disclosure-panel${wide ? ' wide' : ''}`}
          aria-label={label}
          noValidate
          onInput={(e) => {
            const target = e.target as HTMLElement;
            if (missing.has(target.id)) setMissing(new Set([...missing].filter((x) => x !== target.id)));
          }}
          onSubmit={async (e) => {
            e.preventDefault();
            const empty = emptyRequired(e.currentTarget);
            setMissing(new Set(empty));
            if (empty.length > 0) {
              document.getElementById(empty[0]!)?.focus();
              return;
            }
            if (await onSubmit()) setOpen(false);
          }}
        >
          {error && <ErrorState error={error} inline />}
          <MissingFields.Provider value={missing}>{children}</MissingFields.Provider>
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
