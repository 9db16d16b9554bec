import { describe, expect, it } from 'vitest';
import { RESOURCES, prefixOf, reachable } from '../../worker/app.ts';

/**
 * The lazy route table in worker/app.ts only sends a request to the routers whose `paths`
 * cover it. A route outside its entry's paths would answer 404 in production, so every route
 * of every router must lie under them, and must be reached by its own path.
 */
describe('lazy resource table', () => {
  it('declares, for every router, the paths all of its routes live under', async () => {
    for (const [index, resource] of RESOURCES.entries()) {
      const router = await resource.load();
      expect(router.routes.length, `entry ${index} (${resource.paths.join(', ')}) has routes`).toBeGreaterThan(0);
      for (const route of router.routes) {
        const covered = resource.paths.some((p) => route.path === p || route.path.startsWith(`${p}/`));
        expect(covered, `${route.method} ${route.path} lies under ${resource.paths.join(', ')}`).toBe(true);
        const concrete = `${resource.base ?? '/api/v1'}${route.path.replace(/:\w+(\{[^}]*\})?/g, 'x')}`;
        expect(reachable(RESOURCES, concrete), `${concrete} reaches its router`).toContain(index);
      }
    }
  });

  it('reaches nothing for paths outside every prefix, and only whole segments', () => {
    expect(reachable(RESOURCES, '/api/v1/nowhere')).toEqual([]);
    expect(reachable(RESOURCES, '/api/v1/dealsx')).toEqual([]);
    expect(reachable(RESOURCES, '/api/v2/deals')).toEqual([]);
    const deals = reachable(RESOURCES, '/api/v1/deals/queue');
    expect(deals.length, 'the three deals routers').toBe(3);
    expect(reachable(RESOURCES, '/api/v1/deals')).toEqual(deals);
  });

  it('cuts paths after their third segment, which is all that decides what they reach', () => {
    expect(prefixOf('/api/v1/deals/dl_1/approve')).toBe('/api/v1/deals');
    expect(prefixOf('/api/v1/deals/')).toBe('/api/v1/deals');
    expect(prefixOf('/api/v1/deals')).toBe('/api/v1/deals');
    expect(prefixOf('/api/docs/x')).toBe('/api/docs/x');
    expect(prefixOf('/')).toBe('/');
    // worker/app.ts remembers reachable() per prefix: that is sound only while every entry's
    // base has at most two segments and each of its paths is one segment.
    for (const r of RESOURCES) {
      expect((r.base ?? '/api/v1').split('/').length - 1, `${r.base} has at most two segments`).toBeLessThanOrEqual(2);
      for (const p of r.paths) expect(p, 'one segment').toMatch(/^\/[^/]+$/);
    }
    for (const path of ['/api/v1/deals/dl_1/approve', '/api/v1/deals/', '/api/v1/dealsx/y', '/api/v1/me/notifications/read', '/api/docs/openapi', '/api/openapi.json/x', '/api/v1/openapi.json', '/x/y/z/w']) {
      expect(reachable(RESOURCES, prefixOf(path)), path).toEqual(reachable(RESOURCES, path));
    }
  });
});
