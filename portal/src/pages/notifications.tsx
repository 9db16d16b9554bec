import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Notification } from '../api/types.ts';
import { LoadMore } from '../components/load-more.tsx';
import { announceUnread } from '../components/notification-bell.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { formatRelative } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePaged } from '../lib/use-api.ts';

/** Your notifications; opening one marks it read. */
export function Notifications() {
  usePageTitle('Notifications');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const page = usePaged<Notification>(paths.notifications, { unread: unreadOnly ? 'true' : undefined });
  const [readIds, setReadIds] = useState<Set<string>>(new Set());

  const isUnread = (n: Notification) => !n.readAt && !readIds.has(n.id);

  async function markRead(body: { ids: string[] } | { all: true }) {
    const result = await api.post<{ marked: number; unreadCount: number }>(paths.notificationsRead, body);
    announceUnread(result.unreadCount);
    setReadIds((prev) => new Set([...prev, ...('ids' in body ? body.ids : page.items.map((n) => n.id))]));
  }

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Notifications" lead="Decisions, new registrations and reminders that concern you.">
        <button type="button" class="button" onClick={() => void markRead({ all: true })} disabled={!page.items.some(isUnread)}>
          Mark all read
        </button>
      </PageHeader>
      <label class="checkbox">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly((e.currentTarget as HTMLInputElement).checked)} /> Unread only
      </label>
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && page.items.length === 0 ? (
        <Loading label="Loading notifications…" />
      ) : page.items.length === 0 && !page.error ? (
        <Empty title="Nothing new">You will see decisions and reminders here.</Empty>
      ) : (
        <ul class="notification-list card">
          {page.items.map((n) => (
            <li key={n.id} class={isUnread(n) ? 'unread' : undefined}>
              {isUnread(n) && <span class="badge-new">New</span>}
              <a href={n.link ?? '/notifications'} onClick={() => isUnread(n) && void markRead({ ids: [n.id] })}>
                {n.title}
              </a>
              <p>{n.body}</p>
              <span class="muted">{formatRelative(n.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore page={page} />
    </section>
  );
}
