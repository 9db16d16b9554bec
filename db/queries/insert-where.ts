import { getTableColumns, is, sql, SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';

/**
 * `INSERT INTO t (...) SELECT <row> WHERE changes() = 1`: inserts only when the statement
 * just before it in the batch changed exactly one row.
 */
export function insertIfPreviousChanged<T extends SQLiteTable>(db: Db, table: T, row: T['$inferInsert']) {
  return insertRowsWhere(db, table, [row], previousChanged());
}

/** The condition "the statement just before this one in the batch changed exactly one row". */
export const previousChanged = () => sql`changes() = 1`;

/**
 * `INSERT INTO t (...) SELECT <row 1> WHERE cond UNION ALL SELECT <row 2> WHERE cond …`:
 * inserts the rows only while `condition` holds at that point of the batch. Values go through
 * each column's encoder (timestamps, JSON), and defaults apply as in a plain insert.
 */
export function insertRowsWhere<T extends SQLiteTable>(db: Db, table: T, rows: T['$inferInsert'][], condition: SQL) {
  const selects = rows.map((row) => sql`select ${sql.join(rowValues(table, row), sql`, `)} where ${condition}`);
  return db.insert(table).select(sql.join(selects, sql` union all `));
}

function rowValues<T extends SQLiteTable>(table: T, row: T['$inferInsert']): SQL[] {
  return Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = (row as Record<string, unknown>)[key];
    if (value !== undefined) return sql`${sql.param(value, column)}`;
    if (column.default !== undefined && column.default !== null) {
      return is(column.default, SQL) ? column.default : sql`${sql.param(column.default, column)}`;
    }
    if (column.defaultFn) return sql`${sql.param(column.defaultFn(), column)}`;
    return sql`null`;
  });
}
