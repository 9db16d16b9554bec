import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, closeSession, openSession, ApiError, onUnauthorized, signInPath } from './api/client.ts';
import { paths } from './api/paths.ts';
import type { Me, Role } from './api/types.ts';

export interface Session {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  /** Network or server failure of the session probe (not a 401). */
  error: ApiError | undefined;
  refresh: (force?: boolean) => Promise<Me | null>;
  /** Counts sessions ended (sign-out, expiry): the app's router remounts on a new one. */
  ended: number;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

const PUBLIC_PATHS = ['/sign-in', '/invite/', '/forgot-password', '/reset-password/'];
export const isPublicPath = (path: string) => PUBLIC_PATHS.some((p) => path.startsWith(p));

/**
 * Whether this browser signed in and has not signed out since. The session cookie is HttpOnly,
 * so the portal cannot see it; without this hint every signed-out page load would ask GET /me
 * and get a 401 (an error in the console on normal use). A stale hint costs one 401, once.
 */
const HINT = 'prm.signed-in';
const hint = {
  get: () => {
    try {
      return localStorage.getItem(HINT) === '1';
    } catch {
      return true; // storage blocked: always ask the server
    }
  },
  set: (on: boolean) => {
    try {
      if (on) localStorage.setItem(HINT, '1');
      else localStorage.removeItem(HINT);
    } catch {
      // storage blocked: nothing to remember
    }
  },
};

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const location = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<ApiError>();
  const [ended, setEnded] = useState(0);

  /** `force`: ask the server even without the hint (right after signing in). */
  const refresh = useCallback(async (force = true) => {
    if (!force && !hint.get()) {
      setMe(null);
      return null;
    }
    try {
      const answer = await api.get<Me>(paths.me, { allowUnauthenticated: true });
      const next = answer.kind === 'user' && answer.user ? answer : null;
      hint.set(next !== null);
      if (next) openSession();
      setMe(next);
      setError(undefined);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        hint.set(false);
        setMe(null);
        return null;
      }
      setError(err instanceof ApiError ? err : undefined);
      setMe(null);
      return null;
    }
  }, []);

  const signOut = useCallback(async () => {
    closeSession();
    try {
      await api.post(paths.logout, undefined, { allowUnauthenticated: true });
    } finally {
      hint.set(false);
      setEnded((n) => n + 1);
      setMe(null);
      location.route('/sign-in');
    }
  }, [location]);

  useEffect(() => {
    void refresh(false);
  }, [refresh]);

  // An expired session on any request: forget the user and go to sign-in, then come back here.
  // A page fires several requests at once: only the first 401 redirects. The check reads the
  // browser's current path, not this closure's (the later 401s arrive after the redirect).
  useEffect(() => {
    onUnauthorized(() => {
      closeSession();
      hint.set(false);
      setEnded((n) => n + 1);
      setMe(null);
      if (!isPublicPath(window.location.pathname)) location.route(signInPath(), true);
    });
  }, [location]);

  // Signed-out visitors of a private page go to sign-in first.
  useEffect(() => {
    if (me === null && !error && !isPublicPath(location.path)) location.route(signInPath(location.url), true);
  }, [me, error, location.path]);

  const value = useMemo(() => ({ me, error, refresh, signOut, ended }), [me, error, refresh, signOut, ended]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isStaff = (role: Role | undefined) => role === 'manager' || role === 'admin';

/** The signed-in user (pages behind the session gate only). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
