import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client.ts';

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

/** The problem's title and detail plus the request id to quote to support. */
/** `inline`: the form shows each field's error beside the field, so the list is left out here. */
export function ErrorState({ error, retry, inline }: { error: ApiError; retry?: () => void; inline?: boolean }) {
  return (
    <div class="alert alert-error" role="alert">
      <p class="alert-title">{error.title}</p>
      {error.detail && <p>{error.detail}</p>}
      {!inline && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {error.requestId && (
        <p class="muted small">
          Request id: <code>{error.requestId}</code>
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
