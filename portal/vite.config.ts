import preact from '@preact/preset-vite';
import { cp } from 'node:fs/promises';
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

export default defineConfig({
  root,
  plugins: [preact(), swaggerUiAssets()],
  // zod re-exports ~45 locales that cannot be tree-shaken; ship English only (as the worker does).
  resolve: {
    alias: [{ find: /^\.\.\/locales\/index\.js$/, replacement: fileURLToPath(new URL('../worker/lib/zod-locales.ts', import.meta.url)) }],
  },
  build: { outDir, emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
