import { DEAL_EVENT_TYPES } from '../../../worker/domain/deal-lifecycle.ts';
import { paths } from '../api/paths.ts';
import type { AuditEntry } from '../api/types.ts';
import { PageHeader } from '../components/page-header.tsx';
import { Empty } from '../components/states.tsx';
import { formatDateTime, humanize } from '../lib/format.ts';
import { valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePaged } from '../lib/use-api.ts';
import { useUrlFilters, useUrlSearch } from '../lib/url-filters.ts';
import { PagedTable } from '../components/data-table.tsx';

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
  const [filters, setFilters] = useUrlFilters({ objectType: '', action: '', objectId: '' });
  const { objectType, action, objectId } = filters;
  const [actionInput, setActionInput] = useUrlSearch(action, (next) => setFilters({ action: next }));
  const [objectIdInput, setObjectIdInput] = useUrlSearch(objectId, (next) => setFilters({ objectId: next }));
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
          <select id="audit-object-type" value={objectType} onChange={(e) => setFilters({ objectType: valueOf(e) })}>
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
      <PagedTable
        page={page}
        label="Audit entries"
        columns={[
          { header: 'When', head: true, cell: (entry) => <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> },
          {
            header: 'Who',
            cell: (entry) => (
              <>
                {entry.actorName ?? entry.actorId ?? humanize(entry.actorType)}
                <div class="muted small">{humanize(entry.actorType)}</div>
              </>
            ),
          },
          { header: 'Action', cell: (entry) => <code>{entry.action}</code> },
          {
            header: 'Object',
            cell: (entry) => (
              <>
                {humanize(entry.objectType)}
                {entry.objectId && (
                  <div class="small">{entry.objectType === 'deal' ? <a href={`/deals/${entry.objectId}`}>{entry.objectId}</a> : <code>{entry.objectId}</code>}</div>
                )}
              </>
            ),
          },
          { header: 'From', cell: (entry) => entry.ip ?? '—' },
          {
            header: 'Details',
            cell: (entry) =>
              entry.details ? (
                <details>
                  <summary>Show</summary>
                  <pre class="details-json">{JSON.stringify(entry.details, null, 2)}</pre>
                </details>
              ) : (
                '—'
              ),
          },
        ]}
        empty={<Empty title={objectType || action || objectId ? 'No audit entries match these filters.' : 'No audit entries yet.'} />}
      />
    </section>
  );
}
