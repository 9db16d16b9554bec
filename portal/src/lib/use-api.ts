import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Query } from '../api/client.ts';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** GET a resource and re-fetch whenever the path or query changes. Stale answers are dropped. */
export function useApi<T>(path: string | null, query?: Query): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path, { query, signal: controller.signal })
      .then((result) => setData(result))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError(0, 'Unexpected error', String(err), [], undefined));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers path and query
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}

/** Keyset pagination: the first page from `query`, "Load more" appends the next one. */
export function usePaged<T>(path: string, query: Query) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const key = `${path}?${JSON.stringify(query)}`;
  const current = useRef(0);

  const load = useCallback(
    async (cursor: string | null, replace: boolean) => {
      const ticket = ++current.current;
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.get<{ items: T[]; nextCursor: string | null }>(path, { query: { ...query, cursor } });
        if (ticket !== current.current) return;
        setItems((prev) => (replace ? page.items : [...prev, ...page.items]));
        setNextCursor(page.nextCursor);
      } catch (err) {
        if (ticket !== current.current) return;
        setError(err instanceof ApiError ? err : new ApiError(0, 'Unexpected error', String(err), [], undefined));
      } finally {
        if (ticket === current.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers path and query
    [key],
  );

  useEffect(() => {
    void load(null, true);
  }, [load, version]);

  return {
    items,
    nextCursor,
    error,
    loading,
    loadMore: () => nextCursor && load(nextCursor, false),
    reload: () => setVersion((v) => v + 1),
  };
}

/** Debounce a changing value (for search boxes and the live deal pre-check). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
