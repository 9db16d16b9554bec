import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../db/schema/index.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemo } from '../../db/seed/demo.ts';

/** Creates namespace `name` on the local libSQL server, optionally as a copy of `from`. */
export async function createNamespace(serverUrl: string, name: string, from?: string): Promise<string> {
  const res = await fetch(`${serverUrl}/-/namespaces/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(from ? { from } : {}),
  });
  if (!res.ok) throw new Error(`creating namespace ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

/**
 * Two templates every test file copies from: `empty` (migrated, no rows) and `demo`
 * (migrated + the demo seed). Copying a file is far faster than migrating per test file.
 */
export async function prepareTemplates(serverUrl: string): Promise<void> {
  const emptyUrl = await createNamespace(serverUrl, 'empty');
  await migrateDatabase(emptyUrl);
  const demoUrl = await createNamespace(serverUrl, 'demo', 'empty');
  const client = createClient({ url: demoUrl });
  try {
    await seedDemo(drizzle(client, { schema }));
  } finally {
    client.close();
  }
}
