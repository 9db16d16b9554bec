import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Node-side code: the local libSQL server, scripts, the seed.
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/libsql-server/**/*.test.ts', 'test/node/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts', 'portal/src/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // The worker, inside workerd, against the local libSQL server started for the run.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                APP_ENV: 'test',
                PORTAL_URL: 'http://localhost:8787',
                // Each test file points the worker at its own fresh database (test/worker/harness.ts).
                TURSO_DATABASE_URL: 'http://127.0.0.1:1',
                SECRETS_KEY: 'dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=',
                DB_TRACE: '1',
              },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['worker/**/*.test.ts', 'test/worker/**/*.test.ts'],
          globalSetup: ['test/setup/global-db.ts', 'test/setup/global-receiver.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
