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
      <BellIcon />
      {unread ? (
        <span class="badge-count" data-testid="unread-count" aria-hidden="true">
          {unread}
        </span>
      ) : null}
    </a>
  );
}

/** A bell drawn in the text colour (an emoji shows as an empty box where the font has none). */
function BellIcon() {
  return (
    <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** Tells the bell the new unread count after marking notifications read. */
export const announceUnread = (count: number) => window.dispatchEvent(new CustomEvent('notifications:unread', { detail: count }));
