import { useState } from 'preact/hooks';
import { DEAL_EVENT_TYPES } from '../../../worker/domain/deal-lifecycle.ts';
import { TOKEN_SCOPES } from '../../../worker/domain/permissions.ts';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { ApiToken, ApiTokenCreated } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { Field } from '../components/field.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Notice } from '../components/states.tsx';
import { PagedTable } from '../components/data-table.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePaged } from '../lib/use-api.ts';
import { Webhooks } from './webhooks.tsx';

export function Integrations() {
  usePageTitle('Integrations');
  return (
    <section>
      <PageHeader title="Integrations" lead="Integration tokens for your CRM, and signed webhooks that tell it about deals." />
      <Tokens />
      <Webhooks eventTypes={DEAL_EVENT_TYPES} />
    </section>
  );
}

function Tokens() {
  const page = usePaged<ApiToken>(paths.tokens, { limit: 50 });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['deals:read']);
  const [created, setCreated] = useState<ApiTokenCreated>();
  const [notice, setNotice] = useState<string | null>(null);
  const create = useSubmit();
  const revoke = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    setCreated(undefined);
    const token = await create.run(() => api.post<ApiTokenCreated>(paths.tokens, { name, scopes }));
    if (token) {
      setCreated(token);
      setName('');
      page.reload();
    }
  }

  return (
    <section class="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Integration tokens</h2>
      <form onSubmit={submit} noValidate aria-label="Create a token">
        {create.error && create.error.errors.length === 0 && <ErrorState error={create.error} />}
        <Field id="token-name" label="Token name" required hint="Say where it is used, e.g. “Salesforce sync”." error={create.error?.fieldError('name')}>
          {(p) => <input {...p} value={name} onInput={(e) => setName(valueOf(e))} />}
        </Field>
        <fieldset class="checkbox-group">
          <legend>Scopes</legend>
          {TOKEN_SCOPES.map((scope) => (
            <div class="checkbox-field" key={scope}>
              <input
                id={`scope-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope));
                }}
              />
              <label for={`scope-${scope}`}>
                <code>{scope}</code>
              </label>
            </div>
          ))}
          {create.error?.fieldError('scopes') && <p class="field-error">{create.error.fieldError('scopes')}</p>}
        </fieldset>
        <button type="submit" class="button primary" disabled={create.busy} aria-busy={create.busy}>
          Create token
        </button>
      </form>
      {created && (
        <Notice tone="warning">
          <p>
            <strong>Copy the token now.</strong> It is shown only once; afterwards only its name is kept.
          </p>
          <CopyField id="new-token" label={`Token “${created.token.name}”`} value={created.secret} />
        </Notice>
      )}
      {notice && <Notice>{notice}</Notice>}
      {revoke.error && <ErrorState error={revoke.error} />}
      <PagedTable
        page={page}
        label="Tokens"
        columns={[
          { header: 'Name', head: true, cell: (t) => t.name },
          { header: 'Scopes', cell: (t) => t.scopes.map((scope) => <code key={scope} class="token-scope">{scope}</code>) },
          { header: 'Created', cell: (t) => formatDate(t.createdAt) },
          { header: 'Last used', cell: (t) => formatDateTime(t.lastUsedAt) },
          { header: 'Status', cell: (t) => (t.revokedAt ? <Badge tone="neutral">Revoked</Badge> : <Badge tone="good">Active</Badge>) },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (t) =>
              !t.revokedAt && (
                <button
                  type="button"
                  class="button link danger"
                  aria-label={`Revoke ${t.name}`}
                  disabled={revoke.busy}
                  onClick={async () => {
                    if (!confirm(`Revoke “${t.name}”? Integrations using it stop working at once.`)) return;
                    if (await revoke.run(async () => (await api.delete(paths.token(t.id)), true))) {
                      // A revoked token's secret is of no use any more: stop showing it.
                      if (created?.token.id === t.id) setCreated(undefined);
                      setNotice(`“${t.name}” revoked.`);
                      page.reload();
                    }
                  }}
                >
                  Revoke
                </button>
              ),
          },
        ]}
        empty={<Empty title="No tokens yet." />}
      />
    </section>
  );
}
