import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { certificationPrograms, deals, partnerOnboarding, partners, tierProgramRequirements, tierProposals, tiers } from '../schema/index.ts';
import type { TierProposalStatus } from '../schema/certification-enums.ts';

export type TierRow = typeof tiers.$inferSelect;
export type TierProposalRow = typeof tierProposals.$inferSelect;

export const tierDefinitionsQuery = (db: Db) => db.select().from(tiers).orderBy(asc(tiers.rank), asc(tiers.id));

export const tierProgramRequirementsQuery = (db: Db) =>
  db
    .select({ tierId: tierProgramRequirements.tierId, programId: tierProgramRequirements.programId, programName: certificationPrograms.name, people: tierProgramRequirements.people })
    .from(tierProgramRequirements)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, tierProgramRequirements.programId))
    .orderBy(asc(certificationPrograms.name));

export const tierByIdQuery = (db: Db, id: string) => db.select().from(tiers).where(eq(tiers.id, id));
export const tierByNameQuery = (db: Db, name: string) => db.select({ id: tiers.id }).from(tiers).where(eq(tiers.name, name));
export const programsByIdQuery = (db: Db, ids: string[]) =>
  db.select({ id: certificationPrograms.id, name: certificationPrograms.name }).from(certificationPrograms).where(inArray(certificationPrograms.id, ids));

export const insertTier = (db: Db, row: typeof tiers.$inferInsert) => db.insert(tiers).values(row);
export const updateTier = (db: Db, id: string, patch: Partial<typeof tiers.$inferInsert>) => db.update(tiers).set(patch).where(eq(tiers.id, id));
export const setTierRank = (db: Db, id: string, rank: number) => db.update(tiers).set({ rank }).where(eq(tiers.id, id));

/** Replaces a tier's per-program requirements (delete + insert, in the caller's batch). */
export function replaceProgramRequirements(db: Db, tierId: string, rows: Array<{ programId: string; people: number }>) {
  const del = db.delete(tierProgramRequirements).where(eq(tierProgramRequirements.tierId, tierId));
  return rows.length ? [del, db.insert(tierProgramRequirements).values(rows.map((r) => ({ tierId, ...r })))] : [del];
}

// ---- deal facts ---------------------------------------------------------------------------

/** Won revenue per partner and currency, close date within [from, to] (calendar dates). */
export const wonRevenueQuery = (db: Db, from: string, to: string, partnerId?: string) =>
  db
    .select({ partnerId: deals.partnerId, currency: deals.currency, minor: sql<number>`total(${deals.wonAmountMinor})`.mapWith(Number) })
    .from(deals)
    .where(and(eq(deals.status, 'won'), gte(deals.closeDate, from), lte(deals.closeDate, to), partnerId ? eq(deals.partnerId, partnerId) : undefined))
    .groupBy(deals.partnerId, deals.currency);

export const wonDealsQuery = (db: Db, from: string, to: string, partnerId?: string) =>
  db
    .select({ partnerId: deals.partnerId, n: count() })
    .from(deals)
    .where(and(eq(deals.status, 'won'), gte(deals.closeDate, from), lte(deals.closeDate, to), partnerId ? eq(deals.partnerId, partnerId) : undefined))
    .groupBy(deals.partnerId);

/** Partners with the time of their latest registration (daily job: "at risk"). */
export const partnersForReviewQuery = (db: Db) =>
  db
    .select({
      id: partners.id,
      name: partners.name,
      stage: partners.stage,
      tierId: partners.tierId,
      lastRegistrationAt: sql<number | null>`(select max(d.created_at) from deals d where d.partner_id = ${partners.id})`,
      atRiskReasons: partnerOnboarding.atRiskReasons,
    })
    .from(partners)
    .leftJoin(partnerOnboarding, eq(partnerOnboarding.partnerId, partners.id))
    .orderBy(asc(partners.id));

// ---- proposals ----------------------------------------------------------------------------

const fromTier = alias(tiers, 'from_tier');
const toTier = alias(tiers, 'to_tier');

const proposalColumns = {
  proposal: tierProposals,
  partnerName: partners.name,
  fromTierName: fromTier.name,
  toTierName: toTier.name,
  toTierProtectionDays: toTier.protectionDays,
};
export type ProposalView = { proposal: TierProposalRow; partnerName: string; fromTierName: string | null; toTierName: string | null; toTierProtectionDays: number | null };

const proposalsWithNames = (db: Db) =>
  db
    .select(proposalColumns)
    .from(tierProposals)
    .innerJoin(partners, eq(partners.id, tierProposals.partnerId))
    .leftJoin(fromTier, eq(fromTier.id, tierProposals.fromTierId))
    .leftJoin(toTier, eq(toTier.id, tierProposals.toTierId));

/** Newest first, keyset on (proposed_at, id). */
export const proposalPageQuery = (db: Db, status: TierProposalStatus | undefined, partnerId: string | undefined, after: { at: number; id: string } | null, limit: number) =>
  proposalsWithNames(db)
    .where(
      and(
        status ? eq(tierProposals.status, status) : undefined,
        partnerId ? eq(tierProposals.partnerId, partnerId) : undefined,
        after ? or(lt(tierProposals.proposedAt, new Date(after.at)), and(eq(tierProposals.proposedAt, new Date(after.at)), lt(tierProposals.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(tierProposals.proposedAt), desc(tierProposals.id))
    .limit(limit + 1);

export const proposalQuery = (db: Db, id: string) => proposalsWithNames(db).where(eq(tierProposals.id, id));

export const openProposalsQuery = (db: Db, partnerId?: string) =>
  proposalsWithNames(db).where(and(eq(tierProposals.status, 'open'), partnerId ? eq(tierProposals.partnerId, partnerId) : undefined));

export const insertProposal = (db: Db, row: typeof tierProposals.$inferInsert) => db.insert(tierProposals).values(row);

/** Closes an open proposal (approve, dismiss, withdraw); guarded so it happens once. */
export const closeProposal = (db: Db, id: string, patch: { status: TierProposalStatus; decidedAt: Date; decidedBy: string | null; note?: string | null }, also?: SQL) =>
  db.update(tierProposals).set(patch).where(and(eq(tierProposals.id, id), eq(tierProposals.status, 'open'), also)).returning({ id: tierProposals.id });

/**
 * Sets the partner's tier only while the proposal is open and the partner still has the tier
 * the proposal started from; put it BEFORE `closeProposal` in the batch, so a second approval
 * racing the first changes nothing.
 */
export const applyTier = (db: Db, proposalId: string, partnerId: string, fromTierId: string | null, toTierId: string | null, at: Date) =>
  db
    .update(partners)
    .set({ tierId: toTierId, updatedAt: at })
    .where(
      and(
        eq(partners.id, partnerId),
        fromTierId === null ? sql`${partners.tierId} is null` : eq(partners.tierId, fromTierId),
        sql`exists (select 1 from tier_proposals p where p.id = ${proposalId} and p.status = 'open')`,
      ),
    )
    .returning({ id: partners.id });

/** "The partner now has the proposal's target tier": closes the proposal only when applyTier did its work. */
export const partnerHasTier = (partnerId: string, tierId: string | null) => sql`(select tier_id from partners where id = ${partnerId}) is ${tierId}`;

/** True once the proposal was approved at `at` by `by` in this batch: the approval that won (two managers in the same millisecond differ in who). */
export const proposalApprovedAt = (proposalId: string, at: Date, by: string) =>
  sql`exists (select 1 from tier_proposals where id = ${proposalId} and status = 'approved' and decided_at = ${at.getTime()} and decided_by = ${by})`;
