import { useEffect, useState } from 'preact/hooks';
import { CATEGORY_LABELS, contentPaths, fileKind, formatBytes, type Asset } from '../api/content.ts';
import { Badge } from '../components/badges.tsx';
import { LoadMore } from '../components/load-more.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { valueOf } from '../lib/form.ts';
import { formatDate, formatNumber } from '../lib/format.ts';
import { entries } from '../lib/labels.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useDebounced, usePaged } from '../lib/use-api.ts';
import { useMe } from '../session.tsx';
import { ContentLibrary } from './content-library.tsx';
import '../styles/content.css';

/** Staff manage the library; partners browse what their tier and type may see. */
export function Content() {
  const me = useMe();
  const role = me.user.role;
  return role === 'manager' || role === 'admin' ? <ContentLibrary /> : <ContentBrowse userId={me.user.id} />;
}

/** The previous visit's time (for "new" markers), then this visit is remembered. Per user, in this browser. */
function useLastVisit(userId: string): number | null {
  const [previous] = useState(() => {
    const raw = localStorage.getItem(`content-last-visit:${userId}`);
    return raw ? Number(raw) : null;
  });
  useEffect(() => {
    localStorage.setItem(`content-last-visit:${userId}`, String(Date.now()));
  }, [userId]);
  return previous;
}

/** Search, category and tag filters shared by both views. */
export function useContentFilters() {
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [tag, setTag] = useState('');
  const [sort, setSort] = useState<'newest' | 'popular'>('newest');
  const query = { q: useDebounced(q, 250), category, tag: useDebounced(tag, 250), sort };
  const form = (
    <form class="filters" role="search" aria-label="Filter content" onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="content-search">Search</label>
        <input id="content-search" type="search" placeholder="Title, description, file or tag" value={q} onInput={(e) => setQ(valueOf(e))} />
      </div>
      <div class="field">
        <label for="content-category">Category</label>
        <select id="content-category" value={category} onChange={(e) => setCategory(valueOf(e))}>
          <option value="">All categories</option>
          {entries(CATEGORY_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="content-tag">Tag</label>
        <input id="content-tag" type="text" value={tag} onInput={(e) => setTag(valueOf(e))} />
      </div>
      <div class="field">
        <label for="content-sort">Sort by</label>
        <select id="content-sort" value={sort} onChange={(e) => setSort(valueOf(e) as 'newest' | 'popular')}>
          <option value="newest">Newest</option>
          <option value="popular">Most downloaded</option>
        </select>
      </div>
    </form>
  );
  return { query, form };
}

function ContentBrowse({ userId }: { userId: string }) {
  usePageTitle('Content');
  const lastVisit = useLastVisit(userId);
  const { query, form } = useContentFilters();
  const page = usePaged<Asset>(contentPaths.list, query);
  const isNew = (a: Asset) => lastVisit !== null && a.publishedAt !== null && Date.parse(a.publishedAt) > lastVisit;

  return (
    <section>
      <PageHeader title="Content" lead="Sales decks, battlecards, price lists and training material for your partner tier." />
      {form}
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && page.items.length === 0 && <Loading rows={4} label="Loading content…" />}
      {!page.loading && !page.error && page.items.length === 0 && <Empty title="No content matches these filters." />}
      {page.items.length > 0 && (
        <ul class="asset-list" aria-label="Content">
          {page.items.map((a) => (
            <li key={a.id} class="asset-card">
              <div class="asset-main">
                <h2 class="asset-title">
                  {a.title} {isNew(a) && <Badge tone="good">New</Badge>}
                </h2>
                {a.description && <p class="muted">{a.description}</p>}
                <p class="asset-meta">
                  <span>{CATEGORY_LABELS[a.category]}</span>
                  <span>
                    {fileKind(a)}, {formatBytes(a.size)}
                  </span>
                  <span>{formatDate(a.publishedAt)}</span>
                  <span>{formatNumber(a.downloadCount)} downloads</span>
                </p>
                {a.tags.length > 0 && (
                  <p class="asset-tags">
                    {a.tags.map((t) => (
                      <span key={t} class="tag">
                        {t}
                      </span>
                    ))}
                  </p>
                )}
              </div>
              <a class="button primary" href={contentPaths.download(a.id)} download={a.fileName} aria-label={`Download ${a.title} (${fileKind(a)}, ${formatBytes(a.size)})`}>
                Download
              </a>
            </li>
          ))}
        </ul>
      )}
      <LoadMore page={page} />
    </section>
  );
}
