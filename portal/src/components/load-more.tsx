/** The "Load more" button under a keyset-paginated list (see `usePaged`); hidden on the last page. */
export function LoadMore({ page }: { page: { nextCursor: string | null; loading: boolean; loadMore: () => unknown } }) {
  if (!page.nextCursor) return null;
  return (
    <div class="load-more">
      <button type="button" class="button secondary" onClick={() => void page.loadMore()} disabled={page.loading} aria-busy={page.loading}>
        {page.loading ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
