import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies pending drizzle-kit migrations to any libSQL URL (local server, file: or Turso). */
export async function migrateDatabase(url: string, authToken?: string): Promise<void> {
  const client = createClient({ url, authToken });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    client.close();
  }
}

// `npm run db:migrate`: TURSO_DATABASE_URL (+ TURSO_AUTH_TOKEN) or the local database file.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = process.env.TURSO_DATABASE_URL ?? `file:${process.env.DATA_DIR ?? '.data'}/local.db`;
  migrateDatabase(url, process.env.TURSO_AUTH_TOKEN).then(
    () => console.log(`Migrations applied to ${url.replace(/\?.*$/, '')}`),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
