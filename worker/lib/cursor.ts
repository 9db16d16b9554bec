import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { ProblemError, problemType } from './problem.ts';

/** The largest time (ms from the epoch, either way) a JavaScript Date represents. */
const MAX_TIME_MS = 8.64e15;

import type { KeysetPosition } from '../../db/queries/keyset.ts';

export type { KeysetPosition };

export function encodeCursor(position: KeysetPosition): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify([position.at, position.id])));
}

/** The position a `?cursor=` names; 400 problem+json when it was not made by encodeCursor. */
export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(cursor))) as unknown[];
    // A millisecond time a Date can hold: anything else would reach the database as NaN.
    if (typeof at === 'number' && Number.isInteger(at) && Math.abs(at) <= MAX_TIME_MS && typeof id === 'string') return { at, id };
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(400, {
    type: problemType('validation'),
    detail: 'The cursor is not one this endpoint returned.',
    errors: [{ field: 'cursor', message: 'Invalid cursor', code: 'invalid_cursor' }],
  });
}

/** `{items, nextCursor}` from limit+1 rows fetched in keyset order. */
export function pageFrom<T>(rows: T[], limit: number, position: (row: T) => KeysetPosition) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
