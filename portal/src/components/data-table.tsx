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

/**
 * One table for every list: a labelled, keyboard-scrollable region on wide screens; on phones
 * each row becomes a card (the `head` column on top, the others as label/value pairs), so no
 * column or action is ever pushed off-screen.
 */
export function DataTable<T extends { id: string }>({
  label,
  rows,
  columns,
  busy,
  rowClass,
  select,
}: {
  label: string;
  rows: T[];
  columns: Array<Column<T>>;
  busy?: boolean;
  rowClass?: (row: T) => string | undefined;
  select?: Selection<T>;
}) {
  const selectable = select ? rows.filter((r) => select.selectable?.(r) ?? true) : [];
  const allSelected = selectable.length > 0 && selectable.every((r) => select!.selected.has(r.id));
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label} aria-busy={busy ? true : undefined}>
      <table class="stack-table">
        <thead>
          <tr>
            {select && (
              <th scope="col" class="stack-keep">
                <label class="select-all">
                  <input type="checkbox" checked={allSelected} onChange={(e) => select.setAll((e.currentTarget as HTMLInputElement).checked ? selectable.map((r) => r.id) : [])} />
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
          {rows.map((row) => (
            <tr key={row.id} class={rowClass?.(row)}>
              {select && (
                <td class="stack-select">
                  {(select.selectable?.(row) ?? true) && <input
                    type="checkbox"
                    aria-label={select.label(row)}
                    checked={select.selected.has(row.id)}
                    onChange={(e) => select.toggle(row.id, (e.currentTarget as HTMLInputElement).checked)}
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
  ...table
}: {
  page: Paged<T>;
  /** What an empty answer says (with the next useful action). */
  empty: ComponentChildren;
  loadingLabel?: string;
  label: string;
  columns: Array<Column<T>>;
  rowClass?: (row: T) => string | undefined;
  select?: Selection<T>;
}) {
  return (
    <>
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {!page.error && page.items.length === 0 && page.loading && <Loading label={loadingLabel} rows={4} />}
      {!page.error && page.items.length === 0 && !page.loading && empty}
      {page.items.length > 0 && <DataTable rows={page.items} busy={page.loading} {...table} />}
      <LoadMore page={page} />
    </>
  );
}
