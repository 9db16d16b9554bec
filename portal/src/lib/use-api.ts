import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, isAbort, type Query } from '../api/client.ts';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, 'Unexpected error', String(err), [], undefined));

/**
 * GET a resource and re-fetch whenever the path or query changes. Stale answers are dropped,
 * and the answer for an earlier key is never shown for a new one (a link from one deal to
 * another must not show the first deal while the second loads).
 */
export function useApi<T>(path: string | null, query?: Query): Resource<T> {
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError; loading: boolean }>({ key, loading: path !== null });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    // Keep the data of the same key while reloading; drop another key's data at once.
    setState((prev) => (prev.key === key ? { ...prev, error: undefined, loading: true } : { key, loading: true }));
    api
      .get<T>(path, { query, signal: controller.signal })
      .then((data) => {
        if (!controller.signal.aborted) setState({ key, data, loading: false });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        setState((prev) => ({ key, data: prev.key === key ? prev.data : undefined, error: asApiError(err), loading: false }));
      });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers path and query
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // Until the effect for a new key has run, this render still holds the old key's state.
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && (!current || state.loading),
    reload,
  };
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
  error: ApiError | undefined;
  loading: boolean;
  loadMore: () => unknown;
  reload: () => void;
}

/** Keyset pagination: the first page from `query`, "Load more" appends the next one. */
export function usePaged<T>(path: string, query: Query): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const key = `${path}?${JSON.stringify(query)}`;
  const [itemsKey, setItemsKey] = useState(key);
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
        setItemsKey(key);
        setNextCursor(page.nextCursor);
      } catch (err) {
        if (ticket !== current.current || isAbort(err)) return;
        setError(asApiError(err));
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

  // Rows of other filters are not shown as the answer to the new ones (they stay while reloading the same list).
  const stale = itemsKey !== key;
  return {
    items: stale ? [] : items,
    nextCursor: stale ? null : nextCursor,
    error,
    loading: loading || stale,
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
