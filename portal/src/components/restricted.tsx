import type { ComponentType } from 'preact';
import { roleCan, type Permission } from '../../../worker/domain/permissions.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useMe } from '../session.tsx';

/**
 * A page only some roles may open (the API's own permission table decides). Anyone else who
 * opens it by URL gets a page that says so, instead of forms that fail with "Forbidden".
 */
export function restricted<P extends object>(permission: Permission, Page: ComponentType<P>): ComponentType<P> {
  return function RestrictedPage(props: P) {
    const me = useMe();
    return roleCan(me.user.role, permission) ? <Page {...props} /> : <NotAvailable />;
  };
}

export function NotAvailable() {
  usePageTitle('Not available');
  return (
    <section class="empty-state">
      <h1>Not available to your role</h1>
      <p>This page is for other roles of the program. Ask your administrator if you need it.</p>
      <a class="button" href="/">
        Go to the dashboard
      </a>
    </section>
  );
}
