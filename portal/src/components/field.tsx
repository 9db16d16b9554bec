import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';

/** Ids of required controls a form found empty on submit (see DisclosureForm). */
export const MissingFields = createContext<ReadonlySet<string>>(new Set());

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  required?: boolean;
  'aria-required'?: boolean;
}

/**
 * A labelled form control with its hint and error, wired with aria-describedby /
 * aria-invalid (and required / aria-required). The control is passed as a render function
 * receiving the props to spread on it. The error shows here, next to the field, and only here.
 */
export function Field({
  id,
  label,
  error,
  hint,
  optional,
  required,
  requiredMessage,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  optional?: boolean;
  required?: boolean;
  /** Shown when the form finds this required field empty (default "Required"). */
  requiredMessage?: string;
  children: (props: ControlProps) => ComponentChildren;
}) {
  const missing = useContext(MissingFields);
  const shown = error ?? (missing.has(id) ? (requiredMessage ?? 'Required') : undefined);
  const describedBy = [hint ? `${id}-hint` : '', shown ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${shown ? ' field-invalid' : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="muted"> (optional)</span>}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="hint">
          {hint}
        </div>
      )}
      {children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': shown ? true : undefined,
        ...(required ? { required: true, 'aria-required': true } : {}),
      })}
      {shown && (
        <p id={`${id}-error`} class="field-error">
          {shown}
        </p>
      )}
    </div>
  );
}
