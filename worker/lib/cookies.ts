import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './types.ts';

/**
 * The session cookie: `__Host-session` (Secure, no Domain, Path=/) in production so no
 * subdomain or plain-http page can set or read it; plain `session` in local development and
 * tests, which run on http://localhost. Always HttpOnly and SameSite=Lax.
 */
export function sessionCookieName(env: AppEnv['Bindings']): string {
  return env.APP_ENV === 'production' ? '__Host-session' : 'session';
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName(c.env));
}

export function setSessionCookie(c: Context<AppEnv>, value: string, maxAgeSeconds: number): void {
  const production = c.env.APP_ENV === 'production';
  setCookie(c, sessionCookieName(c.env), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: production,
    maxAge: maxAgeSeconds,
  });
}

/** A Set-Cookie value that removes the session cookie (for responses built outside a handler). */
export function clearedSessionCookie(env: AppEnv['Bindings']): string {
  const secure = env.APP_ENV === 'production' ? '; Secure' : '';
  return `${sessionCookieName(env)}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure}`;
}
