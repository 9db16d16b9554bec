import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { NotificationPage } from '../api/types.ts';

/** How often the bell asks for the unread count while the page is open. */
const POLL_MS = 60_000;

/** Unread notifications, in the header: a link to the notifications page with the count. */
export function NotificationBell() {
  const { path } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      api
        .get<NotificationPage>(paths.notifications, { query: { unread: 'true', limit: 1 } })
        .then((page) => !stopped && setUnread(page.unreadCount))
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    // Reading notifications elsewhere (the notifications page) updates the count at once.
    const onChange = (e: Event) => setUnread((e as CustomEvent<number>).detail);
    window.addEventListener('notifications:unread', onChange);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('notifications:unread', onChange);
    };
  }, [path]);

  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <a class="notification-bell" href="/notifications" aria-label={label} title={label}>
      <span aria-hidden="true">🔔</span>
      {unread ? (
        <span class="badge-count" data-testid="unread-count" aria-hidden="true">
          {unread}
        </span>
      ) : null}
    </a>
  );
}

/** Tells the bell the new unread count after marking notifications read. */
export const announceUnread = (count: number) => window.dispatchEvent(new CustomEvent('notifications:unread', { detail: count }));
