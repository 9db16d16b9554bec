/**
 * Import boundaries (docs/development.md "Layout"), checked by `npm run lint:deps`, the first
 * step of `npm test`:
 * - db/ never imports worker/ (the database layer builds statements and maps rows; rules,
 *   permissions and HTTP errors live in worker/). Shared vocabulary lives in db/schema/.
 * - worker/ never imports portal/.
 * - portal/ imports worker/ and db/ code only as `import type`, except the browser-safe modules
 *   listed below (the lifecycle table, the permission vocabulary, money rules, enums, country codes): no zod
 *   and no server schema reaches the browser.
 * Type-only imports count for the first two rules (tsPreCompilationDeps).
 */
const PORTAL_MAY_RUN = [
  '^worker/domain/(deal-lifecycle|permissions|money)[.]ts$',
  '^db/schema/[a-z-]+-enums[.]ts$',
  '^db/schema/country-codes[.]ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'db-not-to-worker',
      comment: 'db/ must never import from worker/: move the rule, problem or schema to worker/, or the shared vocabulary to db/schema/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^worker/' },
    },
    {
      name: 'worker-not-to-portal',
      comment: 'The worker never imports the front end.',
      severity: 'error',
      from: { path: '^worker/' },
      to: { path: '^portal/' },
    },
    {
      name: 'worker-no-runtime-modules',
      comment: 'Code bundled into the worker imports no node: module: the runtime evaluates those at startup (measured ~20 ms for node:crypto), where bundled modules load with their first request.',
      severity: 'error',
      from: { path: '^(worker/|db/(schema|queries)/|db/client[.]ts$)', pathNot: '[.]test[.]ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'portal-runtime-from-server',
      comment: 'The portal imports worker/ and db/ only as `import type`, or from the browser-safe modules in PORTAL_MAY_RUN.',
      severity: 'error',
      from: { path: '^portal/' },
      to: { path: '^(worker|db)/', pathNot: PORTAL_MAY_RUN, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
