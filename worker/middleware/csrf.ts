import type { MiddlewareHandler } from 'hono';
import { readSessionCookie } from '../lib/cookies.ts';
import { ProblemError, problemType } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for browser writes. A non-GET request must come from this
 * origin: its `Origin` equals the request's own origin or PORTAL_URL's; without `Origin`,
 * `Sec-Fetch-Site` must say same-origin. A request with neither header is let through only
 * when it carries no session cookie (no ambient credentials, so nothing to forge — e.g. curl
 * signing in). Bearer-token requests are exempt: browsers never attach those on their own.
 * SameSite=Lax on the cookie is the second layer.
 *
 * @example app.use('/api/*', csrf())
 */
export function csrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || /^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    let sameOrigin: boolean;
    if (origin !== undefined) sameOrigin = origin === portalOrigin(c.env.PORTAL_URL) || origin === new URL(c.req.url).origin;
    else if (fetchSite !== undefined) sameOrigin = fetchSite === 'same-origin';
    else sameOrigin = readSessionCookie(c) === undefined;
    if (!sameOrigin) {
      throw new ProblemError(403, {
        type: problemType('cross-site-request'),
        detail: 'This request came from another site. Use the portal, or an integration token for API access.',
      });
    }
    return next();
  };
}

/** PORTAL_URL's origin, parsed once per isolate (it is the same on every request); null when malformed or unset. */
const portalOrigins = new Map<string, string | null>();
function portalOrigin(portalUrl: string | undefined): string | null {
  if (!portalUrl) return null;
  let origin = portalOrigins.get(portalUrl);
  if (origin === undefined) {
    try {
      origin = new URL(portalUrl).origin;
    } catch {
      // A malformed PORTAL_URL only narrows the allowed origins to the request's own.
      origin = null;
    }
    portalOrigins.set(portalUrl, origin);
  }
  return origin;
}
