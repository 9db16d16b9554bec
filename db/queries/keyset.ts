/**
 * A keyset position: the last row's sort value (a ms timestamp by default) and the id that
 * breaks ties. The worker encodes it into an opaque `?cursor=` (worker/lib/cursor.ts).
 */
export interface KeysetPosition<K extends string | number = number> {
  at: K;
  id: string;
}
