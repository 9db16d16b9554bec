export function NotFound() {
  return (
    <section class="empty-state">
      <h1>Page not found</h1>
      <p>The page you asked for does not exist or has moved.</p>
      <a href="/">Go to the dashboard</a>
    </section>
  );
}
