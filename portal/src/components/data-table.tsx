import type { ComponentChildren } from 'preact';
import type { Paged } from '../lib/use-api.ts';
import { LoadMore } from './load-more.tsx';
import { ErrorState, Loading } from './states.tsx';

export interface Column<T> {
  /** Column heading; on phones the label of the value in each card. */
  header: string;
  cell: (row: T) => ComponentChildren;
  /** The card's title on phones (spans the card, no label). One per table. */
  head?: boolean;
  /** Right-aligned numbers. */
  num?: boolean;
  /** Heading for screen readers only (e.g. "Actions"). */
  hideHeader?: boolean;
}

export interface Selection<T> {
  selected: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  setAll: (ids: string[]) => void;
  /** The accessible name of a row's checkbox ("Select Acme"). */
  label: (row: T) => string;
  /** Rows that cannot be selected get no checkbox. */
  selectable?: (row: T) => boolean;
}

const idOf = (row: object) => (row as { id: string }).id;

/**
 * One table for every list: a labelled, keyboard-scrollable region on wide screens; on phones
 * each row becomes a card (the `head` column on top, the others as label/value pairs), so no
 * column or action is ever pushed off-screen.
 */
export function DataTable<T extends object>({
  label,
  caption,
  rows,
  rowKey = idOf,
  columns,
  busy,
  rowClass,
  select,
}: {
  label: string;
  /** A visible title of the table (its `<caption>`). */
  caption?: string;
  rows: T[];
  /** Each row's key (and, with `select`, its id); by default its `id`. */
  rowKey?: (row: T, index: number) => string;
  columns: Array<Column<T>>;
  busy?: boolean;
  rowClass?: (row: T) => string | undefined;
  select?: Selection<T>;
}) {
  const keyed = rows.map((row, index) => ({ row, key: rowKey(row, index) }));
  const selectable = select ? keyed.filter(({ row }) => select.selectable?.(row) ?? true).map(({ key }) => key) : [];
  const allSelected = selectable.length > 0 && selectable.every((key) => select!.selected.has(key));
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label} aria-busy={busy ? true : undefined}>
      <table class="stack-table">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {select && (
              <th scope="col" class="stack-keep">
                <label class="select-all">
                  <input type="checkbox" checked={allSelected} onChange={(e) => select.setAll((e.currentTarget as HTMLInputElement).checked ? selectable : [])} />
                  <span class="select-all-text">Select all</span>
                </label>
              </th>
            )}
            {columns.map((c) => (
              <th key={c.header} scope="col" class={c.num ? 'num' : undefined}>
                {c.hideHeader ? <span class="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keyed.map(({ row, key }) => (
            <tr key={key} class={rowClass?.(row)}>
              {select && (
                <td class="stack-select">
                  {(select.selectable?.(row) ?? true) && <input
                    type="checkbox"
                    aria-label={select.label(row)}
                    checked={select.selected.has(key)}
                    onChange={(e) => select.toggle(key, (e.currentTarget as HTMLInputElement).checked)}
                  />}
                </td>
              )}
              {columns.map((c) => (
                <td
                  key={c.header}
                  class={[c.head ? 'stack-head' : '', c.num ? 'num' : '', c.hideHeader ? 'stack-actions' : ''].filter(Boolean).join(' ') || undefined}
                  data-label={c.head || c.hideHeader ? undefined : c.header}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A keyset-paginated list (see `usePaged`): its error, loading and empty states, the table and
 * "Load more", the same on every page.
 */
export function PagedTable<T extends { id: string }>({
  page,
  empty,
  loadingLabel,
  loadingRows = 4,
  ...table
}: {
  page: Paged<T>;
  /** What an empty answer says (with the next useful action). */
  empty: ComponentChildren;
  loadingLabel?: string;
  /** Placeholder rows while the first page loads. */
  loadingRows?: number;
  label: string;
  caption?: string;
  columns: Array<Column<T>>;
  rowClass?: (row: T) => string | undefined;
  select?: Selection<T>;
}) {
  return (
    <>
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {!page.error && page.items.length === 0 && page.loading && <Loading label={loadingLabel} rows={loadingRows} />}
      {!page.error && page.items.length === 0 && !page.loading && empty}
      {page.items.length > 0 && <DataTable rows={page.items} busy={page.loading} {...table} />}
      <LoadMore page={page} />
    </>
  );
}
