import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret, WebhookSecret } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { Field } from '../components/field.tsx';
import { Empty, ErrorState, Loading, Notice } from '../components/states.tsx';
import { PagedTable } from '../components/data-table.tsx';
import { LoadMore } from '../components/load-more.tsx';
import { formatDateTime, humanize } from '../lib/format.ts';
import { useSubmit, valueOf } from '../lib/form.ts';
import { usePaged } from '../lib/use-api.ts';

/** Webhook endpoints: create/edit, reveal or rotate the signing secret, delivery log, resend, test. */
export function Webhooks({ eventTypes }: { eventTypes: readonly string[] }) {
  const page = usePaged<WebhookEndpoint>(paths.webhooks, { limit: 50 });
  const [editing, setEditing] = useState<WebhookEndpoint | 'new' | null>(null);
  const [secret, setSecret] = useState<{ endpoint: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section class="card" aria-labelledby="webhooks-title">
      <div class="card-head">
        <h2 id="webhooks-title">Webhook endpoints</h2>
        <button type="button" class="button primary" aria-expanded={editing === 'new'} onClick={() => setEditing('new')}>
          Add endpoint
        </button>
      </div>
      {editing && (
        <EndpointForm
          key={editing === 'new' ? 'new' : editing.id}
          endpoint={editing === 'new' ? null : editing}
          eventTypes={eventTypes}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            if ('secret' in saved) setSecret({ endpoint: saved.url, secret: saved.secret });
            setEditing(null);
            page.reload();
          }}
        />
      )}
      {secret && (
        <Notice tone="warning">
          <p>Signing secret for {secret.endpoint}. Store it in your receiver; it verifies the webhook-signature header.</p>
          <CopyField id="webhook-secret" label="Signing secret" value={secret.secret} />
          <button type="button" class="button link" onClick={() => setSecret(null)}>
            Hide secret
          </button>
        </Notice>
      )}
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && page.items.length === 0 && <Loading rows={2} />}
      {!page.loading && !page.error && page.items.length === 0 && (
        <Empty title="No webhook endpoints yet.">
          <p>Add your CRM's receiver URL to hear about every deal change.</p>
        </Empty>
      )}
      <ul class="endpoint-list">
        {page.items.map((endpoint) => (
          <li key={endpoint.id} class="endpoint">
            <EndpointRow
              endpoint={endpoint}
              expanded={open === endpoint.id}
              onToggle={() => setOpen(open === endpoint.id ? null : endpoint.id)}
              onEdit={() => setEditing(endpoint)}
              onSecret={(s) => setSecret({ endpoint: endpoint.url, secret: s.secret })}
              onChanged={page.reload}
            />
          </li>
        ))}
      </ul>
      <LoadMore page={page} />
    </section>
  );
}

function EndpointRow({
  endpoint,
  expanded,
  onToggle,
  onEdit,
  onSecret,
  onChanged,
}: {
  endpoint: WebhookEndpoint;
  expanded: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onSecret: (s: WebhookSecret) => void;
  onChanged: () => void;
}) {
  const action = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const run = async <T,>(fn: () => Promise<T>, message: string) => {
    setNotice(null);
    const result = await action.run(fn);
    if (result !== undefined) setNotice(message);
    // 202 answers carry a body, so `undefined` here means the request failed.
    return result;
  };

  return (
    <>
      <div class="endpoint-head">
        <div>
          <code class="endpoint-url">{endpoint.url}</code>
          <div class="muted small">
            {endpoint.description ?? 'No description'} · {endpoint.events ? `${endpoint.events.length} event types` : 'All events'}
          </div>
        </div>
        {endpoint.enabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="bad">Disabled</Badge>}
      </div>
      {endpoint.disabledReason && <p class="muted small">Disabled: {endpoint.disabledReason}</p>}
      <div class="button-row">
        <button type="button" class="button secondary small" onClick={onEdit} aria-label={`Edit ${endpoint.url}`}>
          Edit
        </button>
        <button
          type="button"
          class="button secondary small"
          disabled={action.busy}
          onClick={() => run(() => api.post(paths.webhookAction(endpoint.id, 'test'), {}), 'Test event queued.')}
        >
          Send test
        </button>
        <button
          type="button"
          class="button secondary small"
          disabled={action.busy}
          onClick={async () => {
            const s = await run(() => api.get<WebhookSecret>(paths.webhookAction(endpoint.id, 'secret')), 'Secret revealed (this is audited).');
            if (s) onSecret(s);
          }}
        >
          Reveal secret
        </button>
        <button
          type="button"
          class="button secondary small"
          disabled={action.busy}
          onClick={async () => {
            if (!confirm('Rotate the signing secret? The old one keeps signing for 24 hours so receivers can switch.')) return;
            const s = await run(() => api.post<WebhookSecret>(paths.webhookAction(endpoint.id, 'rotate-secret'), { graceHours: 24 }), 'Secret rotated.');
            if (s) {
              onSecret(s);
              onChanged();
            }
          }}
        >
          Rotate secret
        </button>
        <button type="button" class="button secondary small" aria-expanded={expanded} onClick={onToggle}>
          Delivery log
        </button>
        <button
          type="button"
          class="button link danger small"
          disabled={action.busy}
          onClick={async () => {
            if (!confirm(`Delete ${endpoint.url} and its delivery log?`)) return;
            if (await action.run(async () => (await api.delete(paths.webhook(endpoint.id)), true))) onChanged();
          }}
        >
          Delete
        </button>
      </div>
      {notice && <p role="status" class="small">{notice}</p>}
      {action.error && <ErrorState error={action.error} />}
      {expanded && <Deliveries endpointId={endpoint.id} />}
    </>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const [status, setStatus] = useState('');
  const page = usePaged<WebhookDelivery>(paths.deliveries(endpointId), { status, limit: 25 });
  const resend = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div class="deliveries">
      <div class="field inline-field">
        <label for={`delivery-status-${endpointId}`}>Delivery status</label>
        <select id={`delivery-status-${endpointId}`} value={status} onChange={(e) => setStatus(valueOf(e))}>
          <option value="">All</option>
          {['pending', 'delivered', 'failed', 'dead'].map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </div>
      {notice && <p role="status">{notice}</p>}
      {resend.error && <ErrorState error={resend.error} />}
      <PagedTable
        page={page}
        label="Deliveries"
        columns={[
          {
            header: 'Event',
            head: true,
            cell: (d) => (
              <>
                <code>{d.eventType}</code>
                <div class="muted small">{d.eventId}</div>
              </>
            ),
          },
          {
            header: 'Status',
            cell: (d) => (
              <>
                <Badge tone={d.status === 'delivered' ? 'good' : d.status === 'dead' || d.status === 'failed' ? 'bad' : 'neutral'}>{humanize(d.status)}</Badge>
                {d.nextAttemptAt && <div class="muted small">next {formatDateTime(d.nextAttemptAt)}</div>}
              </>
            ),
          },
          {
            header: 'Attempts',
            cell: (d) => (
              <>
                {d.attempts}
                {d.attemptLog.length > 0 && (
                  <details class="attempt-log">
                    <summary>
                      Attempts<span class="visually-hidden"> of {d.eventId}</span>
                    </summary>
                    <ol>
                      {d.attemptLog.map((a) => (
                        <li key={a.attempt}>
                          <time dateTime={a.at}>{formatDateTime(a.at)}</time>: {a.statusCode ?? 'no response'} in {a.durationMs} ms
                          {a.error && <div class="muted small">{a.error}</div>}
                          {a.responseExcerpt && <pre class="details-json">{a.responseExcerpt}</pre>}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </>
            ),
          },
          {
            header: 'Last response',
            cell: (d) => (
              <>
                {d.lastStatus ?? '—'}
                {d.lastError && <div class="muted small">{d.lastError}</div>}
              </>
            ),
          },
          { header: 'Created', cell: (d) => formatDateTime(d.createdAt) },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (d) => (
              <button
                type="button"
                class="button link small"
                disabled={resend.busy}
                aria-label={`Resend ${d.eventType} ${d.eventId}`}
                onClick={async () => {
                  const queued = await resend.run(async () => (await api.post(paths.resendDelivery(endpointId, d.id), {}), true));
                  if (queued) {
                    setNotice('Delivery queued again.');
                    page.reload();
                  }
                }}
              >
                Resend
              </button>
            ),
          },
        ]}
        empty={<p class="muted">No deliveries yet. Send a test event.</p>}
      />
    </div>
  );
}

function EndpointForm({
  endpoint,
  eventTypes,
  onCancel,
  onSaved,
}: {
  endpoint: WebhookEndpoint | null;
  eventTypes: readonly string[];
  onCancel: () => void;
  onSaved: (e: WebhookEndpoint | WebhookEndpointWithSecret) => void;
}) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [allEvents, setAllEvents] = useState(!endpoint?.events);
  const [events, setEvents] = useState<string[]>(endpoint?.events ?? []);
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);
  const save = useSubmit();
  const title = endpoint ? 'Edit endpoint' : 'Add an endpoint';

  async function submit(e: Event) {
    e.preventDefault();
    const body = { url, description: description.trim() || (endpoint ? null : undefined), events: allEvents ? null : events, enabled };
    const saved = await save.run(() =>
      endpoint ? api.patch<WebhookEndpoint>(paths.webhook(endpoint.id), body) : api.post<WebhookEndpointWithSecret>(paths.webhooks, body),
    );
    if (saved) onSaved(saved);
  }

  return (
    <form class="subcard" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      {save.error && save.error.errors.length === 0 && <ErrorState error={save.error} />}
      <Field id="webhook-url" label="Receiver URL" required hint="https:// on a public host" error={save.error?.fieldError('url')}>
        {(p) => <input {...p} type="url" value={url} onInput={(e) => setUrl(valueOf(e))} />}
      </Field>
      <Field id="webhook-description" label="Description" optional error={save.error?.fieldError('description')}>
        {(p) => <input {...p} value={description} onInput={(e) => setDescription(valueOf(e))} />}
      </Field>
      <fieldset class="checkbox-group">
        <legend>Events</legend>
        <div class="checkbox-field">
          <input id="webhook-all-events" type="checkbox" checked={allEvents} onChange={(e) => setAllEvents((e.currentTarget as HTMLInputElement).checked)} />
          <label for="webhook-all-events">All events, including future ones</label>
        </div>
        {!allEvents &&
          eventTypes.map((type) => (
            <div class="checkbox-field" key={type}>
              <input
                id={`webhook-event-${type}`}
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  setEvents(on ? [...events, type] : events.filter((x) => x !== type));
                }}
              />
              <label for={`webhook-event-${type}`}>
                <code>{type}</code>
              </label>
            </div>
          ))}
        {save.error?.fieldError('events') && <p class="field-error">{save.error.fieldError('events')}</p>}
      </fieldset>
      <div class="checkbox-field">
        <input id="webhook-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.currentTarget as HTMLInputElement).checked)} />
        <label for="webhook-enabled">Enabled</label>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={save.busy} aria-busy={save.busy}>
          {endpoint ? 'Save endpoint' : 'Add endpoint'}
        </button>
        <button type="button" class="button link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
