import { nameKey, nameToken } from '../../domain/customer-match.ts';

/** The columns an upsert matches on. */
export interface MatchableCustomer {
  crmId: string | null;
  domain: string | null;
  registrableDomain: string | null;
}

/**
 * How an upserted item finds the customer it updates among `existing` (the rows sharing a CRM
 * id or registrable domain): the CRM id first, since it names the record exactly, then the
 * registrable domain (`www.acme.co.uk` and `acme.co.uk` are one customer). Names never match:
 * two companies may share one. No match → the item creates a customer.
 */
export function customerMatcher<T extends MatchableCustomer>(existing: readonly T[]) {
  const byCrm = new Map(existing.filter((e) => e.crmId).map((e) => [e.crmId!, e]));
  const byDomain = new Map(existing.filter((e) => e.registrableDomain).map((e) => [e.registrableDomain!, e]));
  return (crmId: string | undefined, registrableDomain: string | null): T | null =>
    (crmId ? byCrm.get(crmId) : undefined) ?? (registrableDomain ? byDomain.get(registrableDomain) : undefined) ?? null;
}

/**
 * The row values an upserted item writes: its name always wins (with its match keys); a
 * domain or CRM id the item leaves out keeps the matched customer's, so a partial update
 * never unlinks a customer from its CRM record.
 */
export function upsertedCustomerValues<S extends string>(
  input: { name: string; domain?: string; crmId?: string },
  registrableDomain: string | null,
  match: MatchableCustomer | null,
  source: S,
) {
  return {
    name: input.name,
    nameKey: nameKey(input.name),
    nameToken: nameToken(input.name),
    domain: input.domain ?? match?.domain ?? null,
    registrableDomain: registrableDomain ?? match?.registrableDomain ?? null,
    crmId: input.crmId ?? match?.crmId ?? null,
    source,
  };
}
