import type { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/client.ts';
import { certifiedByProgramQuery, certifiedPeopleQuery } from '../../../db/queries/certifications.ts';
import { tierDefinitionsQuery, tierProgramRequirementsQuery, wonDealsQuery, wonRevenueQuery, type ProposalView, type TierRow } from '../../../db/queries/tiers.ts';
import { fromMinor } from '../../domain/money.ts';
import { isoDay, trailingYearStart } from '../certifications/rules.ts';
import type { PartnerFacts, TierRequirements } from './engine.ts';
import type { TierProposalSchema, TierSchema } from './schemas.ts';

export type TierDef = TierRequirements & { protectionDays: number };

/**
 * The statements that load tiers and partner facts as of `today`, for ONE db.batch (one
 * partner, or every partner for the daily job). Spread into the caller's batch.
 */
export function tierFactStatements(db: Db, today: string, partnerId?: string) {
  const from = trailingYearStart(today);
  return [
    tierDefinitionsQuery(db),
    tierProgramRequirementsQuery(db),
    certifiedPeopleQuery(db, today, partnerId),
    certifiedByProgramQuery(db, today, partnerId),
    wonRevenueQuery(db, from, today, partnerId),
    wonDealsQuery(db, from, today, partnerId),
  ] as const;
}

type Results = [
  Awaited<ReturnType<typeof tierDefinitionsQuery>>,
  Awaited<ReturnType<typeof tierProgramRequirementsQuery>>,
  Awaited<ReturnType<typeof certifiedPeopleQuery>>,
  Awaited<ReturnType<typeof certifiedByProgramQuery>>,
  Awaited<ReturnType<typeof wonRevenueQuery>>,
  Awaited<ReturnType<typeof wonDealsQuery>>,
];

export interface LoadedFacts {
  tiers: TierDef[];
  factsOf(partnerId: string): PartnerFacts & { programNames: Record<string, string> };
}

export function toTierDefs(tiers: TierRow[], requirements: Results[1]): TierDef[] {
  return tiers.map((t) => ({
    id: t.id,
    name: t.name,
    rank: t.rank,
    protectionDays: t.protectionDays,
    requiredCertifiedPeople: t.requiredCertifiedPeople,
    requiredRevenueMinor: t.requiredRevenueMinor,
    requiredRevenueCurrency: t.requiredRevenueCurrency,
    requiredWonDeals: t.requiredWonDeals,
    programRequirements: requirements.filter((r) => r.tierId === t.id).map(({ programId, programName, people }) => ({ programId, programName, people })),
  }));
}

export function loadedFacts([tiers, requirements, people, byProgram, revenue, won]: Results): LoadedFacts {
  return {
    tiers: toTierDefs(tiers, requirements),
    factsOf(partnerId) {
      const programs = byProgram.filter((r) => r.partnerId === partnerId);
      return {
        certifiedPeople: people.find((p) => p.partnerId === partnerId)?.people ?? 0,
        certifiedByProgram: Object.fromEntries(programs.map((r) => [r.programId, r.people])),
        programNames: Object.fromEntries(programs.map((r) => [r.programId, r.programName])),
        wonRevenue: revenue.filter((r) => r.partnerId === partnerId).map((r) => ({ currency: r.currency, minor: r.minor })),
        wonDeals: won.find((w) => w.partnerId === partnerId)?.n ?? 0,
      };
    },
  };
}

export const todayOf = (now: Date) => isoDay(now);

export const tierView = (t: TierDef): z.infer<typeof TierSchema> => ({
  id: t.id,
  name: t.name,
  rank: t.rank,
  protectionDays: t.protectionDays,
  requiredCertifiedPeople: t.requiredCertifiedPeople,
  requiredRevenueMinor: t.requiredRevenueMinor,
  requiredRevenue: fromMinor(t.requiredRevenueMinor, t.requiredRevenueCurrency),
  requiredRevenueCurrency: t.requiredRevenueCurrency,
  requiredWonDeals: t.requiredWonDeals,
  programRequirements: [...t.programRequirements],
});

export const tierRef = (t: TierDef | null | undefined) => (t ? { id: t.id, name: t.name, rank: t.rank, protectionDays: t.protectionDays } : null);

export const proposalView = ({ proposal: p, partnerName, fromTierName, toTierName }: ProposalView): z.infer<typeof TierProposalSchema> => ({
  id: p.id,
  partnerId: p.partnerId,
  partnerName,
  direction: p.direction,
  status: p.status,
  from: p.fromTierId ? { id: p.fromTierId, name: fromTierName ?? '' } : null,
  to: p.toTierId ? { id: p.toTierId, name: toTierName ?? '' } : null,
  facts: (p.facts ?? {}) as Record<string, unknown>,
  proposedAt: p.proposedAt.toISOString(),
  approvableFrom: p.approvableFrom.toISOString(),
  decidedAt: p.decidedAt?.toISOString() ?? null,
  note: p.note,
});
