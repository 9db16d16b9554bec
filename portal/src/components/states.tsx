import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client.ts';
import { fieldLabel, problemText } from '../lib/problem-text.ts';

/** A polite, busy placeholder while data loads. */
export function Loading({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div class="loading" role="status" aria-busy="true" aria-live="polite">
      <span class="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} class="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <span class="spinner" role="status" aria-live="polite">
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

/** An empty list, with the next useful action. */
export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

/**
 * A failed request in words a person understands (see problemText). `inline`: the form shows each
 * field's error beside the field, so they are not repeated here; otherwise they are listed.
 */
export function ErrorState({ error, retry, inline }: { error: ApiError; retry?: () => void; inline?: boolean }) {
  const { heading, text, requestId } = problemText(error);
  return (
    <div class="alert alert-error" role="alert">
      <p class="alert-title">{heading}</p>
      {text && <p>{text}</p>}
      {!inline && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.field + e.message}>
              {fieldLabel(e.field)}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {requestId && (
        <p class="muted small">
          Reference: <code>{requestId}</code>
        </p>
      )}
      {retry && (
        <button type="button" class="button secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'success' }: { children: ComponentChildren; tone?: 'success' | 'info' | 'warning' }) {
  return (
    <div class={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}
