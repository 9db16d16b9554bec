import { MAX_RECORDED_CONFLICTS } from '../../db/schema/deal-enums.ts';
import type { DealStatus } from '../../db/schema/deals.ts';
import { ACTIVE_STATUSES } from './deal-lifecycle.ts';
export { nameKey, nameToken, nameTokens, registrableDomain } from '../../db/schema/customer-keys.ts';

/**
 * Who is the customer? Channel-conflict rules as pure functions: normalise what partners
 * type (domains, company names) into keys that indexed lookups can match, then decide which
 * candidate registrations and existing customers conflict with a new registration.
 * See docs/conflict-detection.md for the query side.
 */

/** Jaro-Winkler similarity (0…1) of two strings; 1 = identical. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j++]) transpositions++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Names at or above this similarity are "very similar" (the same customer, spelt differently). */
export const NAME_SIMILARITY_THRESHOLD = 0.9;

/** Similarity of two name keys, ignoring spaces ("north wind" ≡ "northwind"). */
export function nameSimilarity(keyA: string, keyB: string): number {
  return jaroWinkler(keyA.replace(/ /g, ''), keyB.replace(/ /g, ''));
}

/** The customer a registration (or pre-check) is about, already normalised. */
export interface CustomerKeys {
  registrableDomain: string | null;
  nameKey: string | null;
}

export interface CandidateDeal {
  id: string;
  partnerId: string;
  /** The registering user (pre-check: whether the asking rep may open the deal). */
  createdBy?: string | null;
  status: DealStatus;
  expiresAt: Date | null;
  registrableDomain: string;
  customerNameKey: string;
}

export interface CandidateCustomer {
  id: string;
  registrableDomain: string | null;
  nameKey: string;
}

export type ConflictReason = 'same_domain' | 'similar_name' | 'duplicate' | 'existing_customer';

export interface FoundConflict {
  reason: ConflictReason;
  score: number;
  conflictingDealId: string | null;
  otherPartnerId: string | null;
  customerId: string | null;
}

/** Whether a registration protects its customer now: pending, or approved and not yet expired. */
export function isProtecting(deal: Pick<CandidateDeal, 'status' | 'expiresAt'>, now: Date): boolean {
  if (!ACTIVE_STATUSES.includes(deal.status)) return false;
  return deal.status !== 'approved' || deal.expiresAt === null || deal.expiresAt.getTime() > now.getTime();
}

/** How well a candidate matches: 1 for the same domain or name key, else the name similarity. */
function match(keys: CustomerKeys, domain: string | null, key: string): { sameDomain: boolean; score: number } | null {
  if (keys.registrableDomain && domain === keys.registrableDomain) return { sameDomain: true, score: 1 };
  if (!keys.nameKey || !key) return null;
  const score = nameSimilarity(keys.nameKey, key);
  return score >= NAME_SIMILARITY_THRESHOLD ? { sameDomain: false, score: Math.round(score * 1000) / 1000 } : null;
}

/**
 * Conflicts of a registration by `partnerId` with the candidates an indexed lookup found:
 * another partner's protecting registration (same_domain / similar_name), the same partner's
 * own protecting registration (duplicate), an existing customer (existing_customer).
 * `selfId` excludes the registration itself when it is re-evaluated on resubmission.
 */
export function findConflicts(
  keys: CustomerKeys,
  partnerId: string,
  candidates: { deals: readonly CandidateDeal[]; customers: readonly CandidateCustomer[] },
  now: Date,
  selfId?: string,
): FoundConflict[] {
  const found: FoundConflict[] = [];
  const seen = new Set<string>();
  for (const deal of candidates.deals) {
    if (deal.id === selfId || seen.has(deal.id) || !isProtecting(deal, now)) continue;
    const m = match(keys, deal.registrableDomain, deal.customerNameKey);
    if (!m) continue;
    seen.add(deal.id);
    const reason: ConflictReason = deal.partnerId === partnerId ? 'duplicate' : m.sameDomain ? 'same_domain' : 'similar_name';
    found.push({ reason, score: m.score, conflictingDealId: deal.id, otherPartnerId: deal.partnerId, customerId: null });
  }
  for (const customer of candidates.customers) {
    if (seen.has(customer.id)) continue;
    const m = match(keys, customer.registrableDomain, customer.nameKey);
    if (!m) continue;
    seen.add(customer.id);
    found.push({ reason: 'existing_customer', score: m.score, conflictingDealId: null, otherPartnerId: null, customerId: customer.id });
  }
  return found.sort((a, b) => b.score - a.score);
}

/** How many conflicts one registration records; the deal is flagged whatever the count. */
export { MAX_RECORDED_CONFLICTS };

const REASON_PRIORITY: Record<ConflictReason, number> = { existing_customer: 0, same_domain: 1, similar_name: 2, duplicate: 3 };

/**
 * The conflicts worth recording for a registration, most important first: existing customers,
 * then other partners' registrations, then the partner's own duplicates — capped, so a customer
 * registered hundreds of times doesn't turn every new registration into hundreds of rows.
 */
export function conflictsToRecord(found: readonly FoundConflict[]): FoundConflict[] {
  return [...found]
    .sort((a, b) => REASON_PRIORITY[a.reason] - REASON_PRIORITY[b.reason] || b.score - a.score)
    .slice(0, MAX_RECORDED_CONFLICTS);
}

export type PrecheckResult =
  | { result: 'clear' }
  | { result: 'existing_customer' }
  | { result: 'own_registration'; dealId: string | null }
  | { result: 'protected'; protectedUntil?: string };

/** Who asks: their partner, and whether they see the whole company's deals (partner admin) or their own (rep). */
export interface PrecheckViewer {
  partnerId: string | null;
  userId: string;
  seesCompany: boolean;
}

/**
 * What a partner may learn before registering: that the customer is already a customer, that
 * their own company registered it (with the deal's id when they may open it), or that it is
 * protected by a registration (until which day, if approved) — never by whom. The end is a
 * date only: the exact instant would give away the protecting partner's tier.
 */
export function precheck(
  keys: CustomerKeys,
  candidates: { deals: readonly CandidateDeal[]; customers: readonly CandidateCustomer[] },
  now: Date,
  viewer?: PrecheckViewer,
): PrecheckResult {
  const conflicts = findConflicts(keys, '', candidates, now);
  if (conflicts.some((c) => c.reason === 'existing_customer')) return { result: 'existing_customer' };
  const protecting = conflicts.flatMap((c) => candidates.deals.filter((d) => d.id === c.conflictingDealId));
  if (!protecting.length) return { result: 'clear' };
  const own = viewer?.partnerId ? protecting.filter((d) => d.partnerId === viewer.partnerId) : [];
  if (own.length) {
    const visible = own.find((d) => viewer!.seesCompany || d.createdBy === viewer!.userId);
    return { result: 'own_registration', dealId: visible?.id ?? null };
  }
  // Pending registrations protect with no end date yet; approved ones until they expire.
  if (protecting.some((d) => d.status !== 'approved' || !d.expiresAt)) return { result: 'protected' };
  const until = Math.max(...protecting.map((d) => d.expiresAt!.getTime()));
  return { result: 'protected', protectedUntil: new Date(until).toISOString().slice(0, 10) };
}
