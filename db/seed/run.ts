import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../schema/index.ts';
import { seedDemo } from './demo.ts';

/** Seeds the demo program into the database at `url` unless it was seeded before. */
export async function seedDatabase(url: string, authToken?: string): Promise<boolean> {
  const client = createClient({ url, authToken });
  try {
    return await seedDemo(drizzle(client, { schema }));
  } finally {
    client.close();
  }
}
