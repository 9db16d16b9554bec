import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { KeysetPosition } from '../../db/queries/keyset.ts';
import { ProblemError, problemType } from './problem.ts';

export type { KeysetPosition };

/**
 * The one cursor codec for every list. A cursor is base64url of the UTF-8 JSON
 * `[sortValue, id]` (or `[sortValue, id, tag]` when a list has several sorts), so string sort
 * keys in any script round-trip ("Škoda", "Macy’s", "東京"). Its length is bounded because
 * every sort key is: the longest is a 200-character name, and even escaped to the worst JSON
 * form it stays below CURSOR_MAX_LENGTH (a unit test checks it).
 */

export { CURSOR_MAX_LENGTH } from './page-limits.ts';

/** The largest time (ms from the epoch, either way) a JavaScript Date represents. */
const MAX_TIME_MS = 8.64e15;

/** What a list sorts by: a ms timestamp (default), another number, or text. */
export type SortKeyKind = 'time' | 'number' | 'text';
type KeyOf<K extends SortKeyKind> = K extends 'text' ? string : number;

export function encodeCursor(position: KeysetPosition<string | number>, tag?: string): string {
  const parts: unknown[] = tag === undefined ? [position.at, position.id] : [position.at, position.id, tag];
  return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(parts)));
}

const validKey: Record<SortKeyKind, (v: unknown) => boolean> = {
  // A millisecond time a Date can hold: anything else would reach the database as NaN.
  time: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_TIME_MS,
  number: (v) => Number.isSafeInteger(v),
  text: (v) => typeof v === 'string',
};

/**
 * The position a `?cursor=` names; 400 problem+json when it was not made by encodeCursor for
 * this list (another sort `tag`, another key kind, garbage).
 */
export function decodeCursor<K extends SortKeyKind = 'time'>(
  cursor: string | undefined,
  options: { key?: K; tag?: string } = {},
): KeysetPosition<KeyOf<K>> | null {
  if (!cursor) return null;
  const kind = options.key ?? 'time';
  try {
    const parts = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64urlIgnorePadding(cursor))) as unknown;
    if (Array.isArray(parts) && parts.length === (options.tag === undefined ? 2 : 3) && parts[2] === options.tag) {
      const [at, id] = parts as [unknown, unknown];
      if (validKey[kind](at) && typeof id === 'string') return { at: at as KeyOf<K>, id };
    }
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(400, {
    type: problemType('validation'),
    detail: 'The cursor is not one this endpoint returned.',
    errors: [{ field: 'cursor', message: 'Invalid cursor: use the nextCursor of the previous page (with the same sort)', code: 'invalid_cursor' }],
  });
}

/** `{items, nextCursor}` from limit+1 rows fetched in keyset order. */
export function pageFrom<T>(rows: T[], limit: number, position: (row: T) => KeysetPosition<string | number>, tag?: string) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last), tag) : null };
}
