import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';

/**
 * A list's filters, kept in the URL's query through the router: a filtered list can be
 * bookmarked and shared, and Back from a row's page returns to the same filters. Values equal
 * to their default are left out of the URL. Changes replace the history entry (typing a search
 * does not add one entry per key).
 */
export function useUrlFilters<K extends string>(defaults: Record<K, string>): [Record<K, string>, (patch: Partial<Record<K, string>>) => void] {
  const location = useLocation();
  const values = {} as Record<K, string>;
  for (const key of Object.keys(defaults) as K[]) values[key] = location.query[key] ?? defaults[key];

  const set = (patch: Partial<Record<K, string>>) => {
    const params = new URLSearchParams(location.query);
    for (const [key, value] of Object.entries(patch) as Array<[K, string | undefined]>) {
      if (value === undefined || value === '' || value === defaults[key]) params.delete(key);
      else params.set(key, value);
    }
    const text = params.toString();
    location.route(text ? `${location.path}?${text}` : location.path, true);
  };
  return [values, set];
}

/**
 * A search box over a URL filter: the input follows the keyboard at once, the URL (and so the
 * request) follows after a pause, and a URL changed from outside (Back) refills the input.
 */
export function useUrlSearch(value: string, set: (next: string) => void, ms = 300): [string, (next: string) => void] {
  const [text, setText] = useState(value);
  const typed = useRef(value);
  useEffect(() => {
    if (value !== typed.current.trim()) {
      typed.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => set(text.trim()), ms);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `set` changes every render
  }, [text, value, ms]);
  return [
    text,
    (next: string) => {
      typed.current = next;
      setText(next);
    },
  ];
}
