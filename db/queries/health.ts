import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** The cheapest statement the database must answer: the health check's probe. */
export const pingDatabase = (db: Db) => db.run(sql`select 1`);
