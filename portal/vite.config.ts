import preact from '@preact/preset-vite';
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/portal', import.meta.url));

/** Swagger UI's assets for /api/docs, served from our own origin so the docs work offline. */
function swaggerUiAssets(): Plugin {
  return {
    name: 'swagger-ui-assets',
    apply: 'build',
    async closeBundle() {
      const from = fileURLToPath(new URL('../node_modules/swagger-ui-dist/', import.meta.url));
      for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
        await cp(from + file, `${outDir}/vendor/swagger-ui/${file}`);
      }
    },
  };
}

/**
 * The API's OpenAPI document, generated from the worker's zod route definitions into
 * dist/portal/api/v1/openapi.json (scripts/build-openapi.ts): the worker serves that file, so the
 * deployed bundle carries no OpenAPI generator.
 */
function openApiDocument(): Plugin {
  return {
    name: 'openapi-document',
    apply: 'build',
    async closeBundle() {
      const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
      await promisify(execFile)(tsx, [fileURLToPath(new URL('../scripts/build-openapi.ts', import.meta.url))]);
    },
  };
}

export default defineConfig({
  root,
  plugins: [preact(), swaggerUiAssets(), openApiDocument()],
  // zod re-exports ~45 locales that cannot be tree-shaken; ship English only (as the worker does).
  resolve: {
    alias: [{ find: /^\.\.\/locales\/index\.js$/, replacement: fileURLToPath(new URL('../worker/lib/zod-locales.ts', import.meta.url)) }],
  },
  build: { outDir, emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
