import { usePageTitle } from '../lib/page-title.ts';

export function NotFound() {
  usePageTitle('Page not found');
  return (
    <section class="empty-state">
      <h1>Page not found</h1>
      <p>The page you asked for does not exist or has moved.</p>
      <a class="button" href="/">
        Go to the dashboard
      </a>
    </section>
  );
}
