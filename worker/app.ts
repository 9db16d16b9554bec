import type { Hono } from 'hono';
import type { Env } from './env.ts';
import type { AppEnv } from './lib/types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a router's route types do not matter here
export type Router = Hono<AppEnv, any, any>;

export interface LazyResource {
  /** The first path segment(s) of every route of the router, relative to `base` ('/deals' covers /deals and /deals/…). */
  paths: readonly string[];
  /** Imports the router's module: its schemas and routes are built on the first request that needs them. */
  load: () => Promise<Router>;
  /** Mount point; '/api/v1' unless given. */
  base?: string;
}

/**
 * Every resource router, mounted lazily (docs/decisions/050-lazy-resources.md): a module is
 * evaluated on the first request to one of its `paths`, so worker startup builds no zod or
 * OpenAPI schema. A request gets an app with only the routers whose `paths` cover it, mounted
 * in this order — order matters where paths overlap, exactly as with `app.route()`.
 * test/worker/lazy-resources.test.ts checks every route lies under its entry's `paths`.
 *
 * Adding a resource: one line, `{ paths: ['/things'], load: () => import('./resources/things/routes.ts').then((m) => m.thingRoutes) },`.
 */
export const RESOURCES: readonly LazyResource[] = [
  { paths: ['/health', '/ping'], load: () => import('./resources/health/routes.ts').then((m) => m.healthRoutes) },
  { paths: ['/auth'], load: () => import('./resources/auth/routes.ts').then((m) => m.authRoutes) },
  { paths: ['/me'], load: () => import('./resources/auth/me-routes.ts').then((m) => m.meRoutes) },
  { paths: ['/notifications', '/me'], load: () => import('./resources/notifications/routes.ts').then((m) => m.notificationRoutes) },
  { paths: ['/invitations'], load: () => import('./resources/invitations/routes.ts').then((m) => m.invitationRoutes) },
  { paths: ['/partners'], load: () => import('./resources/partners/routes.ts').then((m) => m.partnerRoutes) },
  { paths: ['/users'], load: () => import('./resources/users/routes.ts').then((m) => m.userRoutes) },
  { paths: ['/team'], load: () => import('./resources/team/routes.ts').then((m) => m.teamRoutes) },
  { paths: ['/tokens'], load: () => import('./resources/tokens/routes.ts').then((m) => m.tokenRoutes) },
  { paths: ['/audit'], load: () => import('./resources/audit/routes.ts').then((m) => m.auditRoutes) },
  // Before the deals router: /deals/queue, /deals/bulk-decisions and /deals/summary must not match /deals/{id}.
  { paths: ['/deals'], load: () => import('./resources/deals/decision-routes.ts').then((m) => m.dealDecisionRoutes) },
  { paths: ['/deals'], load: () => import('./resources/deals/summary-routes.ts').then((m) => m.dealSummaryRoutes) },
  { paths: ['/settings'], load: () => import('./resources/settings/routes.ts').then((m) => m.settingsRoutes) },
  { paths: ['/kpis'], load: () => import('./resources/kpis/routes.ts').then((m) => m.kpiRoutes) },
  { paths: ['/deals'], load: () => import('./resources/deals/routes.ts').then((m) => m.dealRoutes) },
  { paths: ['/products'], load: () => import('./resources/products/routes.ts').then((m) => m.productRoutes) },
  { paths: ['/customers'], load: () => import('./resources/customers/routes.ts').then((m) => m.customerRoutes) },
  { paths: ['/webhook-endpoints'], load: () => import('./resources/webhooks/routes.ts').then((m) => m.webhookEndpointRoutes) },
  { paths: ['/content'], load: () => import('./resources/content/routes.ts').then((m) => m.contentRoutes) },
  { paths: ['/certification-programs', '/certifications'], load: () => import('./resources/certifications/routes.ts').then((m) => m.certificationRoutes) },
  { paths: ['/tiers', '/tier-proposals', '/partners'], load: () => import('./resources/tiers/routes.ts').then((m) => m.tierRoutes) },
  { paths: ['/partners'], load: () => import('./resources/partners/onboarding-routes.ts').then((m) => m.onboardingRoutes) },
  { paths: ['/me'], load: () => import('./resources/auth/account-routes.ts').then((m) => m.accountRoutes) },
  { paths: ['/auth'], load: () => import('./resources/auth/reset-routes.ts').then((m) => m.passwordResetRoutes) },
  { paths: ['/openapi.json'], load: () => import('./resources/docs/routes.ts').then((m) => m.openApiRoutes) },
  { base: '/api', paths: ['/docs'], load: () => import('./resources/docs/routes.ts').then((m) => m.docsRoutes) },
];

export const API_BASE = '/api/v1';

/**
 * The worker's HTTP entry: picks the resources a request's path can reach, builds (once per
 * combination, worker/app-build.ts) an app with the full middleware stack and just those
 * routers, and lets it answer.
 * Nothing but this file and the table is evaluated at startup.
 */
export function createApp(resources: readonly LazyResource[] = RESOURCES) {
  const apps = new Map<string, Promise<Router>>();
  // Which resources a path reaches depends on its first three segments only; remembered per
  // prefix (bounded: prefixes come from whoever sends requests).
  const keys = new Map<string, string>();
  return {
    fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
      const path = pathOf(request.url);
      const prefix = prefixOf(path);
      let key = keys.get(prefix);
      if (key === undefined) {
        key = reachable(resources, prefix).join(',');
        if (keys.size < MAX_REMEMBERED_PREFIXES) keys.set(prefix, key);
      }
      let app = apps.get(key);
      if (!app) {
        app = import('./app-build.ts').then((m) => m.buildApp(resources, key));
        apps.set(key, app);
        // A failed import (never expected) is retried by the next request instead of cached.
        app.catch(() => apps.delete(key));
      }
      return app.then((a) => a.fetch(request, env, ctx));
    },
  };
}

/** Indexes of the resources with a path prefix covering `path`. */
export function reachable(resources: readonly LazyResource[], path: string): number[] {
  const out: number[] = [];
  resources.forEach((r, i) => {
    const base = r.base ?? API_BASE;
    if (!path.startsWith(base)) return;
    const rest = path.slice(base.length);
    if (r.paths.some((p) => rest === p || rest.startsWith(`${p}/`))) out.push(i);
  });
  return out;
}

const MAX_REMEMBERED_PREFIXES = 256;

/**
 * A path cut after its third segment ('/api/v1/deals/dl_1/approve' → '/api/v1/deals'): every
 * entry's `paths` are one segment below a base of at most two, so the prefix reaches exactly
 * the resources the whole path does (test/node/lazy-resources.test.ts).
 */
export function prefixOf(path: string): string {
  let at = 0;
  for (let segment = 0; segment < 3; segment++) {
    at = path.indexOf('/', at + 1);
    if (at < 0) return path;
  }
  return path.slice(0, at);
}

/** The path of a request URL, percent-decoded as Hono's router sees it. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start < 0) return '/';
  let end = url.length;
  for (const stop of ['?', '#']) {
    const at = url.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  const path = url.slice(start, end);
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
