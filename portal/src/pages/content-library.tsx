import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.ts';
import { CATEGORY_LABELS, contentPaths, fileKind, formatBytes, sendFile, type Asset, type DownloadStats, type VersionList } from '../api/content.ts';
import { paths } from '../api/paths.ts';
import type { TierList } from '../api/types.ts';
import { Badge } from '../components/badges.tsx';
import { Field } from '../components/field.tsx';
import { DataTable, PagedTable, type Column } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Loading, Notice } from '../components/states.tsx';
import { useSubmit, valueOf } from '../lib/form.ts';
import { formatDate, formatDateTime, formatNumber } from '../lib/format.ts';
import { entries } from '../lib/labels.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useApi, usePaged } from '../lib/use-api.ts';
import { useContentFilters } from './content.tsx';

interface UploadItem {
  key: string;
  name: string;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
}

const STATUS_TONE = { published: 'good', draft: 'neutral', archived: 'bad' } as const;
const titleOf = (fileName: string) => fileName.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim() || fileName;
const errorText = (err: unknown) => (err instanceof ApiError ? (err.detail ?? err.title) : String(err));

/** The manager's library: upload several files at once, edit, publish, versions, stats. */
export function ContentLibrary() {
  usePageTitle('Content library');
  const { query, form } = useContentFilters();
  const page = usePaged<Asset>(contentPaths.list, query);
  const tiers = useApi<TierList>(paths.tiers);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [category, setCategory] = useState('sales_deck');
  const [status, setStatus] = useState('draft');
  const [minTierId, setMinTierId] = useState('');
  const [dragging, setDragging] = useState(false);
  const [open, setOpen] = useState<{ asset: Asset; panel: 'edit' | 'versions' | 'stats' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const change = useStatusChange(page.reload);

  const update = (key: string, change: Partial<UploadItem>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  function start(files: FileList | null) {
    if (!files?.length) return;
    const batch = [...files].map((file) => ({ file, item: { key: crypto.randomUUID(), name: file.name, progress: 0, state: 'uploading' as const } }));
    setUploads((list) => [...batch.map((b) => b.item), ...list]);
    // In parallel: each file has its own request and progress bar.
    void Promise.all(
      batch.map(({ file, item }) =>
        sendFile(contentPaths.list, file, { title: titleOf(file.name), category, status, minTierId }, (p) => update(item.key, { progress: p }))
          .then(() => update(item.key, { state: 'done', progress: 1 }))
          .catch((err: unknown) => update(item.key, { state: 'failed', error: errorText(err) })),
      ),
    ).then(() => page.reload());
  }

  const tierName = (a: Asset) => tiers.data?.items.find((t) => t.id === a.minTierId)?.name;
  const columns: Array<Column<Asset>> = [
    {
      header: 'Title',
      head: true,
      cell: (a) => (
        <>
          {a.title}
          <div class="muted small">
            {CATEGORY_LABELS[a.category]}
            {tierName(a) ? `, ${tierName(a)} and above` : ''}
            {a.expiresAt ? `, expires ${formatDate(a.expiresAt)}` : ''}
          </div>
          {change.target === a.id && change.error && <p class="field-error">{change.error.detail ?? change.error.title}</p>}
        </>
      ),
    },
    { header: 'Status', cell: (a) => <Badge tone={STATUS_TONE[a.status]}>{a.status === 'published' ? 'Published' : a.status === 'draft' ? 'Draft' : 'Archived'}</Badge> },
    {
      header: 'File',
      cell: (a) => (
        <>
          {fileKind(a)}, {formatBytes(a.size)}
        </>
      ),
    },
    { header: 'Version', cell: (a) => `v${a.version}` },
    { header: 'Downloads', cell: (a) => formatNumber(a.downloadCount) },
    { header: 'Updated', cell: (a) => formatDate(a.updatedAt) },
    {
      header: 'Actions',
      hideHeader: true,
      cell: (a) => <AssetActions asset={a} busy={change.busy && change.target === a.id} onStatus={(s) => void change.setStatus(a, s)} onOpen={(panel) => setOpen({ asset: a, panel })} />,
    },
  ];

  return (
    <section>
      <PageHeader title="Content library" lead="Upload enablement material, choose who sees it, publish it and follow its downloads." />
      {notice && <Notice>{notice}</Notice>}
      <div class="card">
        <h2>Upload files</h2>
        <div class="filters">
          <div class="field">
            <label for="upload-category">Category</label>
            <select id="upload-category" value={category} onChange={(e) => setCategory(valueOf(e))}>
              {entries(CATEGORY_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="upload-status">Status</label>
            <select id="upload-status" value={status} onChange={(e) => setStatus(valueOf(e))}>
              <option value="draft">Draft</option>
              <option value="published">Published</option>
            </select>
          </div>
          <div class="field">
            <label for="upload-tier">Minimum tier</label>
            <select id="upload-tier" value={minTierId} onChange={(e) => setMinTierId(valueOf(e))}>
              <option value="">Every tier</option>
              {tiers.data?.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div
          class={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            start(e.dataTransfer?.files ?? null);
          }}
        >
          <p>Drop files here, or</p>
          <label class="button secondary" for="upload-files">
            Choose files
          </label>
          <input
            id="upload-files"
            class="visually-hidden"
            type="file"
            multiple
            onChange={(e) => {
              start((e.currentTarget as HTMLInputElement).files);
              (e.currentTarget as HTMLInputElement).value = '';
            }}
          />
        </div>
        {uploads.length > 0 && (
          <ul class="upload-list" aria-label="Uploads" aria-live="polite">
            {uploads.map((u) => (
              <li key={u.key} class="upload-row">
                <label for={`progress-${u.key}`}>
                  {u.name}: {u.state === 'done' ? 'uploaded' : u.state === 'failed' ? `failed: ${u.error}` : `${Math.round(u.progress * 100)}%`}
                </label>
                <progress id={`progress-${u.key}`} max={1} value={u.progress} />
              </li>
            ))}
          </ul>
        )}
      </div>

      {form}
      {open && (
        <div class="card panel">
          {open.panel === 'edit' && (
            <EditAsset
              asset={open.asset}
              tiers={tiers.data}
              onClose={() => setOpen(null)}
              onSaved={(a) => {
                setNotice(`${a.title} saved.`);
                setOpen(null);
                page.reload();
              }}
            />
          )}
          {open.panel === 'versions' && <Versions asset={open.asset} onClose={() => setOpen(null)} onChanged={page.reload} />}
          {open.panel === 'stats' && <Stats asset={open.asset} onClose={() => setOpen(null)} />}
        </div>
      )}
      <PagedTable
        page={page}
        label="Content library"
        loadingLabel="Loading the library…"
        columns={columns}
        empty={<Empty title="No content yet. Upload the first files above." />}
      />
    </section>
  );
}

type AssetStatus = Asset['status'];

/** Publishing, unpublishing and archiving from a row: the row it concerns shows its busy state and error. */
function useStatusChange(onChanged: () => void) {
  const { busy, error, run } = useSubmit();
  const [target, setTarget] = useState<string | null>(null);
  const setStatus = (a: Asset, status: AssetStatus) => {
    setTarget(a.id);
    return run(async () => {
      await (status === 'archived' ? api.delete(contentPaths.asset(a.id)) : api.patch(contentPaths.asset(a.id), { status }));
      onChanged();
    });
  };
  return { busy, error, target, setStatus };
}

function AssetActions({ asset: a, busy, onStatus, onOpen }: { asset: Asset; busy: boolean; onStatus: (status: AssetStatus) => void; onOpen: (panel: 'edit' | 'versions' | 'stats') => void }) {
  return (
    <div class="row-actions">
      {a.status !== 'published' ? (
        <button type="button" class="button link" disabled={busy} onClick={() => onStatus('published')} aria-label={`Publish ${a.title}`}>
          Publish
        </button>
      ) : (
        <button type="button" class="button link" disabled={busy} onClick={() => onStatus('draft')} aria-label={`Unpublish ${a.title}`}>
          Unpublish
        </button>
      )}
      <button type="button" class="button link" onClick={() => onOpen('edit')} aria-label={`Edit ${a.title}`}>
        Edit
      </button>
      <button type="button" class="button link" onClick={() => onOpen('versions')} aria-label={`Versions of ${a.title}`}>
        Versions
      </button>
      <button type="button" class="button link" onClick={() => onOpen('stats')} aria-label={`Download statistics of ${a.title}`}>
        Stats
      </button>
      <a class="button link" href={contentPaths.download(a.id)} download={a.fileName} aria-label={`Download ${a.title}`}>
        Download
      </a>
      {a.status !== 'archived' && (
        <button type="button" class="button link danger" disabled={busy} onClick={() => onStatus('archived')} aria-label={`Archive ${a.title}`}>
          Archive
        </button>
      )}
    </div>
  );
}

function EditAsset({ asset, tiers, onClose, onSaved }: { asset: Asset; tiers: TierList | undefined; onClose: () => void; onSaved: (a: Asset) => void }) {
  const { busy, error, run } = useSubmit();
  const [title, setTitle] = useState(asset.title);
  const [description, setDescription] = useState(asset.description ?? '');
  const [category, setCategory] = useState(asset.category);
  const [tags, setTags] = useState(asset.tags.join(', '));
  const [minTierId, setMinTierId] = useState(asset.minTierId ?? '');
  const [expires, setExpires] = useState(asset.expiresAt ? asset.expiresAt.slice(0, 10) : '');
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const saved = await api.patch<Asset>(contentPaths.asset(asset.id), {
        title,
        description: description.trim() || null,
        category,
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        minTierId: minTierId || null,
        expiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : null,
      });
      onSaved(saved);
    });
  };
  return (
    <form onSubmit={submit} aria-label={`Edit ${asset.title}`}>
      <h2>Edit “{asset.title}”</h2>
      {error && <ErrorState error={error} inline />}
      <Field id="edit-title" label="Title" error={error?.fieldError('title')}>
        {(p) => <input {...p} value={title} onInput={(e) => setTitle(valueOf(e))} required maxLength={200} />}
      </Field>
      <Field id="edit-description" label="Description" optional error={error?.fieldError('description')}>
        {(p) => <textarea {...p} value={description} onInput={(e) => setDescription(valueOf(e))} maxLength={2000} />}
      </Field>
      <Field id="edit-category" label="Category">
        {(p) => (
          <select {...p} value={category} onChange={(e) => setCategory(valueOf(e) as Asset['category'])}>
            {entries(CATEGORY_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="edit-tags" label="Tags" optional hint="Separated by commas" error={error?.fieldError('tags')}>
        {(p) => <input {...p} value={tags} onInput={(e) => setTags(valueOf(e))} />}
      </Field>
      <Field id="edit-tier" label="Minimum tier">
        {(p) => (
          <select {...p} value={minTierId} onChange={(e) => setMinTierId(valueOf(e))}>
            <option value="">Every tier</option>
            {tiers?.items.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="edit-expires" label="Expires on" optional error={error?.fieldError('expiresAt')}>
        {(p) => <input {...p} type="date" value={expires} onInput={(e) => setExpires(valueOf(e))} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="button primary" disabled={busy}>
          Save
        </button>
        <button type="button" class="button secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Versions({ asset, onClose, onChanged }: { asset: Asset; onClose: () => void; onChanged: () => void }) {
  const versions = useApi<VersionList>(contentPaths.versions(asset.id));
  const { busy, error, run } = useSubmit();
  const [progress, setProgress] = useState<number | null>(null);
  const done = () => {
    versions.reload();
    onChanged();
  };
  const upload = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    setProgress(0);
    void run(() => sendFile(contentPaths.versions(asset.id), file, {}, setProgress).then(done)).finally(() => setProgress(null));
  };
  return (
    <div>
      <h2>Versions of “{asset.title}”</h2>
      {error && <ErrorState error={error} />}
      <label class="button secondary" for="version-file">
        Upload a new version
      </label>
      <input id="version-file" class="visually-hidden" type="file" onChange={(e) => upload((e.currentTarget as HTMLInputElement).files)} />
      {progress !== null && (
        <div>
          <label for="version-progress">Uploading: {Math.round(progress * 100)}%</label>
          <progress id="version-progress" max={1} value={progress} />
        </div>
      )}
      {versions.loading && !versions.data && <Loading rows={2} />}
      {versions.data && (
        <ul class="upload-list">
          {versions.data.items.map((v) => (
            <li key={v.version}>
              <strong>v{v.version}</strong> {v.fileName} ({formatBytes(v.size)}), {formatDateTime(v.createdAt)}
              {v.restoredFrom ? ` (restored from v${v.restoredFrom})` : ''}{' '}
              {v.current ? (
                <Badge tone="good">Current</Badge>
              ) : (
                <button type="button" class="button link" disabled={busy} onClick={() => void run(() => api.post(contentPaths.restore(asset.id, v.version)).then(done))}>
                  Restore v{v.version}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="button secondary" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

function Stats({ asset, onClose }: { asset: Asset; onClose: () => void }) {
  const stats = useApi<DownloadStats>(contentPaths.stats(asset.id));
  return (
    <div>
      <h2>Downloads of “{asset.title}”</h2>
      {stats.error && <ErrorState error={stats.error} retry={stats.reload} />}
      {stats.loading && !stats.data && <Loading rows={2} />}
      {stats.data && (
        <>
          <p>
            {formatNumber(stats.data.total)} downloads by {formatNumber(stats.data.distinctPartners)} partners.
          </p>
          {stats.data.partners.length > 0 && (
            <DataTable
              label="Downloads per partner"
              rows={stats.data.partners}
              rowKey={(p) => p.partnerId ?? 'staff'}
              columns={[
                { header: 'Partner', head: true, cell: (p) => p.partnerName ?? 'Vendor staff' },
                { header: 'Downloads', cell: (p) => formatNumber(p.downloads) },
                { header: 'Last', cell: (p) => formatDateTime(p.lastAt) },
              ]}
            />
          )}
          {stats.data.trend.length > 0 && (
            <>
              <h3>Last 30 days</h3>
              <ul class="upload-list" aria-label="Downloads per day">
                {stats.data.trend.map((d) => (
                  <li key={d.day}>
                    {formatDate(d.day)}: {formatNumber(d.downloads)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <button type="button" class="button secondary" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
