import { useEffect } from 'preact/hooks';

/** Sets the document title for the current page ("Deals · Partner Portal"). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Partner Portal`;
  }, [title]);
}
