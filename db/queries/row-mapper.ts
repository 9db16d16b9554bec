import { Column, getTableName, is, SQL, Subquery } from 'drizzle-orm';

/** What drizzle's prepared select query (LibSQLPreparedQuery) carries for mapping its rows. */
export interface SelectShape {
  fields?: Array<{ path: string[]; field: unknown }>;
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: unknown;
  executeMethod?: string;
}

type Decode = (raw: unknown) => unknown;

/**
 * A row mapper for one compiled select, decided once: each column's decoder and place in the
 * result found up front, where drizzle's `mapResultRow` finds them again for every value of
 * every row (an `is()` prototype walk and a path iterator per value: most of the deal list's
 * mapping CPU). Same result as drizzle's: the column decoders are drizzle's own, in the same
 * order and nesting. null when the query needs what only drizzle's mapper does: nulling a
 * left-joined table's object, a custom mapper, a run statement.
 */
export function rowMapperFor(q: SelectShape): ((row: ArrayLike<unknown>) => Record<string, unknown> | undefined) | null {
  const { fields, joinsNotNullableMap, customResultMapper, executeMethod } = q;
  if (!fields || customResultMapper || (executeMethod !== 'all' && executeMethod !== 'get')) return null;
  const plan: Array<{ outer: string | null; key: string; decode: Decode | null }> = [];
  for (const { path, field } of fields) {
    // Deeper nesting than `{ table: { column } }` is not used here; leave it to drizzle.
    if (path.length < 1 || path.length > 2) return null;
    // drizzle nulls `result[path[0]]` when every column of a table that may be missing (a
    // left join: joinsNotNullableMap[table] false) is null. Only where no table may be missing
    // does that never happen.
    if (is(field, Column) && path.length === 2 && !joinsNotNullableMap?.[getTableName((field as Column).table)]) return null;
    const decoder = decoderOf(field);
    const fn = decoder.mapFromDriverValue;
    plan.push({
      outer: path.length === 2 ? path[0]! : null,
      key: path[path.length - 1]!,
      // Column's own mapFromDriverValue is the identity: skip the call.
      decode: fn === Column.prototype.mapFromDriverValue ? null : (raw) => fn.call(decoder, raw),
    });
  }
  return (row) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < plan.length; i++) {
      const { outer, key, decode } = plan[i]!;
      let raw = row[i];
      // The libSQL client gives blobs as ArrayBuffer; drizzle hands decoders a Buffer where there is one.
      if (raw instanceof ArrayBuffer) raw = typeof Buffer === 'undefined' ? new TextDecoder().decode(raw) : Buffer.from(raw);
      const value = raw === null ? null : decode ? decode(raw) : raw;
      if (outer === null) result[key] = value;
      else ((result[outer] ??= {}) as Record<string, unknown>)[key] = value;
    }
    return result;
  };
}

/**
 * A batch result's rows mapped as drizzle's `mapResult` maps them: every row (`all`), or the
 * first or undefined (`get`). null where rowMapperFor declines.
 */
export function resultMapperFor(q: SelectShape): ((rows: ArrayLike<unknown>[]) => unknown) | null {
  const mapRow = rowMapperFor(q);
  if (!mapRow) return null;
  return q.executeMethod === 'all' ? (rows) => rows.map(mapRow) : (rows) => (rows[0] === undefined ? undefined : mapRow(rows[0]));
}

/** The decoder drizzle's mapResultRow picks for a selected field. */
function decoderOf(field: unknown): { mapFromDriverValue(v: unknown): unknown } {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as { decoder: { mapFromDriverValue(v: unknown): unknown } }).decoder;
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: { mapFromDriverValue(v: unknown): unknown } } } })._.sql.decoder;
  return (field as { sql: { decoder: { mapFromDriverValue(v: unknown): unknown } } }).sql.decoder;
}
