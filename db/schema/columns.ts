import { integer, text } from 'drizzle-orm/sqlite-core';

// Timestamps are stored as integer milliseconds since the epoch (indexable, cheap to compare)
// and rendered as ISO 8601 UTC at the API edge.
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () => timestamp('created_at').notNull();
export const updatedAt = () => timestamp('updated_at').notNull();

// Opaque string ids with a type prefix ("prt_…", "dl_…"): see worker/lib/ids.ts.
export const id = () => text('id').primaryKey();
