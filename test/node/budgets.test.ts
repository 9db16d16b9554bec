import { describe, expect, it } from 'vitest';
import { portalSizes, workerBundleGzip } from '../bench/sizes.ts';

// Budgets from shared/ARCHITECTURE.md. Needs `npm run build` first (npm test runs it).
const KB = 1000;
const WORKER_GZIP_BUDGET = 250 * KB;
const FIRST_ROUTE_GZIP_BUDGET = 50 * KB;

describe('size budgets', () => {
  it('keeps the worker bundle within 250 KB gzipped', { timeout: 120_000 }, async () => {
    const { gzip } = await workerBundleGzip();
    expect(gzip, `worker bundle is ${(gzip / KB).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(WORKER_GZIP_BUDGET);
  });

  it('keeps the JS of the first page a visitor loads within 50 KB gzipped', async () => {
    const sizes = await portalSizes();
    expect(Object.keys(sizes.routes).length, 'lazily loaded page chunks found in dist/portal').toBeGreaterThan(0);
    expect(sizes.firstRouteJs, `first route (${sizes.firstRoute}) loads ${(sizes.firstRouteJs / KB).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(
      FIRST_ROUTE_GZIP_BUDGET,
    );
  });
});
