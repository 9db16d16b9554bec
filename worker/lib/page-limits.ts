/**
 * The largest `?cursor=` any list accepts. A cursor carries the last row's sort key and id
 * (worker/lib/cursor.ts); the longest key is a 200-character name, whose worst-case encoding
 * stays below this (checked by worker/lib/cursor.test.ts). No imports: browser-safe schemas
 * (worker/resources/deals/schemas.ts) use it too.
 */
export const CURSOR_MAX_LENGTH = 2048;
