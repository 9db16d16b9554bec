import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Partner, PartnerPage } from '../api/types.ts';

/** Every page of partners (the API caps a page at 100): filters and name columns need them all. */
async function fetchAll(): Promise<Partner[]> {
  const all: Partner[] = [];
  let cursor: string | null = null;
  do {
    const page: PartnerPage = await api.get<PartnerPage>(paths.partners, { query: { limit: 100, cursor } });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

let cached: Promise<Partner[]> | null = null;

/** Forget the list (after a partner was added or renamed). */
export function invalidatePartnerList(): void {
  cached = null;
}

/**
 * Staff: the whole partner list, fetched once per page load and shared by every page that
 * names partners or filters by them. `enabled` false (partner users) fetches nothing.
 */
export function usePartnerList(enabled = true): { partners: Partner[]; name: (id: string) => string | undefined } {
  const [partners, setPartners] = useState<Partner[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    cached ??= fetchAll().catch((err: unknown) => {
      cached = null; // try again next time
      throw err;
    });
    cached.then((list) => live && setPartners(list)).catch(() => {
      // Names fall back to ids; the page's own request shows any real error.
    });
    return () => {
      live = false;
    };
  }, [enabled]);
  const byId = new Map(partners.map((p) => [p.id, p.name]));
  return { partners, name: (id) => byId.get(id) };
}
