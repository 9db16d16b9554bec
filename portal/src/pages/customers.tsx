import { useState } from 'preact/hooks';
import { ApiError, upload } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Customer, CustomerImportResult } from '../api/types.ts';
import { PageHeader } from '../components/page-header.tsx';
import { Empty, ErrorState, Notice } from '../components/states.tsx';
import { formatDate, humanize } from '../lib/format.ts';
import { valueOf } from '../lib/form.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { usePaged } from '../lib/use-api.ts';
import { useUrlFilters, useUrlSearch } from '../lib/url-filters.ts';
import { DataTable, PagedTable } from '../components/data-table.tsx';
import { displayDomain } from '../lib/domain-display.ts';

export function Customers() {
  usePageTitle('Customers');
  const [filters, setFilters] = useUrlFilters({ q: '' });
  const [search, setSearch] = useUrlSearch(filters.q, (q) => setFilters({ q }));
  const { q } = filters;
  const page = usePaged<Customer>(paths.customers, { q, limit: 50 });

  return (
    <section>
      <PageHeader title="Existing customers" lead="Registrations for these customers are flagged as existing customers." />
      <CsvUpload onImported={page.reload} />
      <form class="filters" role="search" aria-label="Search customers" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="customer-search">Search</label>
          <input id="customer-search" type="search" placeholder="Name or domain" value={search} onInput={(e) => setSearch(valueOf(e))} />
        </div>
      </form>
      <PagedTable
        page={page}
        label="Customers"
        columns={[
          { header: 'Name', head: true, cell: (c) => c.name },
          { header: 'Domain', cell: (c) => (c.domain ? displayDomain(c.domain) : '—') },
          { header: 'CRM id', cell: (c) => (c.crmId ? <code>{c.crmId}</code> : '—') },
          { header: 'Source', cell: (c) => (c.source === 'csv' ? 'CSV' : c.source === 'crm' ? 'CRM' : humanize(c.source)) },
          { header: 'Updated', cell: (c) => formatDate(c.updatedAt) },
        ]}
        empty={
          <Empty title={q ? 'No customer matches.' : 'No existing customers yet.'}>
            <p>Upload a CSV export from your CRM above.</p>
          </Empty>
        }
      />
    </section>
  );
}

/** CSV upload with a real progress bar (XHR upload events) and a per-row error report. */
function CsvUpload({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<CustomerImportResult>();
  const [error, setError] = useState<ApiError>();

  async function submit(e: Event) {
    e.preventDefault();
    if (!file) {
      setError(new ApiError(0, 'Choose a file', 'Choose a CSV file to upload.', [{ field: 'file', message: 'Required' }], undefined));
      return;
    }
    setError(undefined);
    setResult(undefined);
    setProgress(0);
    const form = new FormData();
    form.set('file', file);
    try {
      const answer = await upload<CustomerImportResult>(`${paths.customersImport}?skipInvalid=${skipInvalid}`, form, setProgress);
      setResult(answer);
      onImported();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'Upload failed', String(err), [], undefined));
    } finally {
      setProgress(null);
    }
  }

  return (
    <form class="card upload" onSubmit={submit} noValidate aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a CSV</h2>
      <p class="muted">
        A header row with <code>name</code>, and optionally <code>domain</code> and <code>crmId</code>. Rows matching an existing customer (by CRM id, then domain) are updated.
      </p>
      <div class="field">
        <label for="csv-file">CSV file</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      </div>
      <div class="field checkbox-field">
        <input id="csv-skip" type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid((e.currentTarget as HTMLInputElement).checked)} />
        <label for="csv-skip">Import the valid rows and skip invalid ones</label>
      </div>
      {progress !== null && (
        <div class="field">
          <label for="csv-progress">Uploading…</label>
          <progress id="csv-progress" max={1} value={progress}>
            {Math.round(progress * 100)}%
          </progress>
        </div>
      )}
      <button type="submit" class="button primary" disabled={progress !== null} aria-busy={progress !== null}>
        Upload customers
      </button>
      {result && (
        <Notice tone={result.skipped?.length ? 'warning' : 'success'}>
          <p>
            {result.created} created, {result.updated} updated{result.skipped?.length ? `, ${result.skipped.length} skipped` : ''}.
          </p>
          {result.skipped && result.skipped.length > 0 && <RowErrors rows={result.skipped.map((s) => ({ line: String(s.line), field: s.field, message: s.message }))} />}
        </Notice>
      )}
      {error && (
        <>
          <ErrorState error={new ApiError(error.status, error.title, error.detail, [], error.requestId)} />
          {error.errors.length > 0 && <RowErrors rows={error.errors.map((e) => ({ line: e.field.split('.')[0] ?? '', field: e.field.split('.').slice(1).join('.'), message: e.message }))} />}
        </>
      )}
    </form>
  );
}

/** "Line 41: A web domain…" → "A web domain…": the line has its own column. */
const withoutLinePrefix = (message: string) => message.replace(/^Line \d+:\s*/, '');

function RowErrors({ rows }: { rows: Array<{ line: string; field: string; message: string }> }) {
  const sorted = [...rows].sort((a, b) => Number(a.line) - Number(b.line));
  return (
    <DataTable
      label="Rows with errors"
      caption="Rows with errors"
      rows={sorted}
      rowKey={(_, i) => String(i)}
      columns={[
        { header: 'Line', cell: (r) => r.line },
        { header: 'Field', cell: (r) => r.field || '—' },
        // The card's title on phones: what is wrong (line and field as labelled values).
        { header: 'Problem', head: true, cell: (r) => withoutLinePrefix(r.message) },
      ]}
    />
  );
}
