import { useState } from 'preact/hooks';
import { DEAL_EVENT_TYPES } from '../../../worker/domain/deal-lifecycle.ts';
import { paths } from '../api/paths.ts';
import type { AuditEntry } from '../api/types.ts';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatDateTime, humanize } from '../lib/format.ts';
import { valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useDebounced, usePaged } from '../lib/use-api.ts';
import { LoadMore } from '../components/load-more.tsx';

/** Suggestions for the action filter, which matches the exact action name. */
const ACTIONS = [
  ...DEAL_EVENT_TYPES,
  'deal.crm_linked',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'customers.imported',
  'customers.upserted',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'partner.created',
  'partner.updated',
  'product.created',
  'product.updated',
  'settings.updated',
  'token.created',
  'token.revoked',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.password_changed',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_revealed',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.test_sent',
  'webhook_endpoint.delivery_resent',
  'webhook_endpoint.recovered',
];

const OBJECT_TYPES = ['deal', 'partner', 'user', 'invitation', 'customer', 'product', 'token', 'webhook_endpoint', 'settings', 'session'];

export function AuditLog() {
  usePageTitle('Audit log');
  const [objectType, setObjectType] = useState('');
  const [actionInput, setActionInput] = useState('');
  const [objectIdInput, setObjectIdInput] = useState('');
  const action = useDebounced(actionInput.trim(), 300);
  const objectId = useDebounced(objectIdInput.trim(), 300);
  const page = usePaged<AuditEntry>(paths.audit, {
    objectType,
    action,
    objectId,
    limit: 50,
  });

  return (
    <section>
      <PageHeader title="Audit log" lead="Who did what to which object, when and from where. Newest first." />
      <form class="filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="audit-object-type">Object type</label>
          <select id="audit-object-type" value={objectType} onChange={(e) => setObjectType(valueOf(e))}>
            <option value="">All</option>
            {OBJECT_TYPES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-object-id">Object id</label>
          <input id="audit-object-id" value={objectIdInput} onInput={(e) => setObjectIdInput(valueOf(e))} />
        </div>
        <div class="field">
          <label for="audit-action">Action</label>
          <input
            id="audit-action"
            list="audit-actions"
            placeholder="e.g. deal.approved"
            aria-describedby="audit-action-hint"
            value={actionInput}
            onInput={(e) => setActionInput(valueOf(e))}
          />
          <datalist id="audit-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <span id="audit-action-hint" class="hint">
            The exact action name
          </span>
        </div>
      </form>
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && page.items.length === 0 && <Loading rows={6} />}
      {!page.loading && !page.error && page.items.length === 0 && <Empty title="No audit entries match these filters." />}
      {page.items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Audit entries" aria-busy={page.loading}>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>
                    {entry.actorName ?? entry.actorId ?? humanize(entry.actorType)}
                    <div class="muted small">{humanize(entry.actorType)}</div>
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {humanize(entry.objectType)}
                    {entry.objectId && (
                      <div class="small">
                        {entry.objectType === 'deal' ? <a href={`/deals/${entry.objectId}`}>{entry.objectId}</a> : <code>{entry.objectId}</code>}
                      </div>
                    )}
                  </td>
                  <td>{entry.ip ?? '—'}</td>
                  <td>
                    {entry.details ? (
                      <details>
                        <summary>Show</summary>
                        <pre class="details-json">{JSON.stringify(entry.details, null, 2)}</pre>
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore page={page} />
    </section>
  );
}
