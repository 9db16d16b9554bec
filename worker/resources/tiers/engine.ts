import { fromMinor } from '../../domain/money.ts';

/**
 * The tier engine: pure functions from a partner's facts to the tier it qualifies for and the
 * exact gaps to the next one. No clock, no database: the caller passes "today" and the facts.
 *
 * Requirements of a tier (all must hold):
 * - `certifiedPeople`: distinct people with a verified, unexpired certificate of any program;
 * - per program: distinct people with a verified, unexpired certificate of that program;
 * - `wonRevenue`: won revenue of the trailing 12 months in the tier's currency. Amounts are
 *   never converted between currencies (as the KPIs: money is per currency), so revenue in
 *   other currencies is reported but does not count toward the requirement;
 * - `wonDeals`: deals won in the trailing 12 months.
 */

export interface TierRequirements {
  id: string;
  name: string;
  rank: number;
  requiredCertifiedPeople: number;
  /** Minor units of `requiredRevenueCurrency`. */
  requiredRevenueMinor: number;
  requiredRevenueCurrency: string;
  requiredWonDeals: number;
  programRequirements: ReadonlyArray<{ programId: string; programName: string; people: number }>;
}

export interface MoneyMinor {
  currency: string;
  minor: number;
}

export interface PartnerFacts {
  certifiedPeople: number;
  /** programId → distinct verified, unexpired holders. */
  certifiedByProgram: Readonly<Record<string, number>>;
  /** Trailing-12-month won revenue per currency (minor units). */
  wonRevenue: readonly MoneyMinor[];
  wonDeals: number;
}

export type RequirementKind = 'certifiedPeople' | 'programCertified' | 'wonRevenue' | 'wonDeals';

export interface Gap {
  requirement: RequirementKind;
  /** For programCertified: which program; for wonRevenue: the currency. */
  programId?: string;
  programName?: string;
  currency?: string;
  /** Money in major units (12.34), counts as integers. */
  have: number;
  need: number;
  /** need − have: how much more (e.g. 2 more certified people). */
  missing: number;
}

export interface TierEvaluation<T extends TierRequirements = TierRequirements> {
  /** The highest tier whose every requirement holds; null when none does. */
  qualifiesFor: T | null;
  /** The tier above `qualifiesFor` (the lowest tier when it qualifies for none). */
  next: T | null;
  /** Unmet requirements of `next` (empty when there is no next tier). */
  gaps: Gap[];
}

/** Revenue the tier counts: the facts' total in the tier's currency (0 when none). */
export function revenueIn(facts: PartnerFacts, currency: string): number {
  return facts.wonRevenue.filter((r) => r.currency === currency).reduce((sum, r) => sum + r.minor, 0);
}

/** Every requirement of a tier against the facts, met or not (for progress bars). */
export function requirementStatus(tier: TierRequirements, facts: PartnerFacts): Array<Gap & { met: boolean }> {
  const rows: Array<Gap & { met: boolean }> = [];
  const add = (g: Omit<Gap, 'missing'>) => rows.push({ ...g, missing: Math.max(0, g.need - g.have), met: g.have >= g.need });
  if (tier.requiredCertifiedPeople > 0) add({ requirement: 'certifiedPeople', have: facts.certifiedPeople, need: tier.requiredCertifiedPeople });
  for (const p of tier.programRequirements) {
    if (p.people > 0) add({ requirement: 'programCertified', programId: p.programId, programName: p.programName, have: facts.certifiedByProgram[p.programId] ?? 0, need: p.people });
  }
  if (tier.requiredRevenueMinor > 0) {
    const c = tier.requiredRevenueCurrency;
    // Compared in exact minor units; shown in major units.
    const have = revenueIn(facts, c);
    rows.push({
      requirement: 'wonRevenue',
      currency: c,
      have: fromMinor(have, c),
      need: fromMinor(tier.requiredRevenueMinor, c),
      missing: fromMinor(Math.max(0, tier.requiredRevenueMinor - have), c),
      met: have >= tier.requiredRevenueMinor,
    });
  }
  if (tier.requiredWonDeals > 0) add({ requirement: 'wonDeals', have: facts.wonDeals, need: tier.requiredWonDeals });
  return rows;
}

export function meetsTier(tier: TierRequirements, facts: PartnerFacts): boolean {
  return requirementStatus(tier, facts).every((r) => r.met);
}

export function evaluateTier<T extends TierRequirements>(tiers: readonly T[], facts: PartnerFacts): TierEvaluation<T> {
  const ordered = [...tiers].sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id));
  let qualifiesFor: T | null = null;
  for (const tier of ordered) if (meetsTier(tier, facts)) qualifiesFor = tier;
  const next = qualifiesFor ? (ordered[ordered.indexOf(qualifiesFor) + 1] ?? null) : (ordered[0] ?? null);
  const gaps = next ? requirementStatus(next, facts).filter((r) => !r.met).map(({ met: _, ...g }) => g) : [];
  return { qualifiesFor, next, gaps };
}

export type ProposalDirection = 'upgrade' | 'downgrade';

/** Whether the partner's current tier should change, and which way. Null: it stays. */
export function proposedChange(current: { id: string; rank: number } | null, qualifiesFor: { id: string; rank: number } | null): ProposalDirection | null {
  if ((current?.id ?? null) === (qualifiesFor?.id ?? null)) return null;
  const from = current?.rank ?? Number.NEGATIVE_INFINITY;
  const to = qualifiesFor?.rank ?? Number.NEGATIVE_INFINITY;
  if (to === from) return null;
  return to > from ? 'upgrade' : 'downgrade';
}
