import { useState } from 'preact/hooks';

/** A read-only value (invitation link, token, secret) with a copy button. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        <button
          type="button"
          class="button secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          Copy
        </button>
      </div>
      <span role="status" class="small muted">
        {copied ? 'Copied to the clipboard.' : ''}
      </span>
    </div>
  );
}
