import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { certifications, deals, invitations, partnerOnboarding, partners, partnerStageHistory, users } from '../schema/index.ts';
import type { LifecycleStage } from '../schema/partners.ts';
import { insertIfPreviousChanged } from './insert-where.ts';

/** When each data-derived checklist item first happened (ms, or null), for one partner. */
export const onboardingMilestonesQuery = (db: Db, partnerId: string) =>
  db
    .select({
      firstInvitationAt: sql<number | null>`(select min(${invitations.createdAt}) from ${invitations} where ${invitations.partnerId} = ${partnerId})`,
      firstUserAt: sql<number | null>`(select min(${users.createdAt}) from ${users} where ${users.partnerId} = ${partnerId})`,
      firstVerifiedAt: sql<number | null>`(select min(${certifications.decidedAt}) from ${certifications} where ${certifications.partnerId} = ${partnerId} and ${certifications.status} in ('verified', 'expired', 'renewed'))`,
      firstDealAt: sql<number | null>`(select min(${deals.createdAt}) from ${deals} where ${deals.partnerId} = ${partnerId})`,
    })
    .from(partners)
    .where(eq(partners.id, partnerId));

export const onboardingRowQuery = (db: Db, partnerId: string) => db.select().from(partnerOnboarding).where(eq(partnerOnboarding.partnerId, partnerId));

export const stageHistoryQuery = (db: Db, partnerId: string, limit = 50) =>
  db
    .select({ history: partnerStageHistory, actorName: users.name })
    .from(partnerStageHistory)
    .leftJoin(users, eq(users.id, partnerStageHistory.actorId))
    .where(eq(partnerStageHistory.partnerId, partnerId))
    .orderBy(desc(partnerStageHistory.at), desc(partnerStageHistory.id))
    .limit(limit);

export const upsertAgreement = (db: Db, partnerId: string, signedOn: string | null, by: string, at: Date) =>
  db
    .insert(partnerOnboarding)
    .values({ partnerId, agreementSignedOn: signedOn, agreementTickedBy: by, agreementTickedAt: at })
    .onConflictDoUpdate({ target: partnerOnboarding.partnerId, set: { agreementSignedOn: signedOn, agreementTickedBy: by, agreementTickedAt: at } });

export const setAtRisk = (db: Db, partnerId: string, reasons: string[] | null, at: Date | null) =>
  db
    .insert(partnerOnboarding)
    .values({ partnerId, atRiskReasons: reasons, atRiskProposedAt: at })
    .onConflictDoUpdate({ target: partnerOnboarding.partnerId, set: { atRiskReasons: reasons, atRiskProposedAt: at } });

export const insertStageHistory = (db: Db, row: typeof partnerStageHistory.$inferInsert) => db.insert(partnerStageHistory).values(row);

/** Moves the partner to `to` only from `from` (a concurrent change wins once). */
export const changeStage = (db: Db, partnerId: string, from: LifecycleStage, to: LifecycleStage, at: Date) =>
  db
    .update(partners)
    .set({ stage: to, updatedAt: at })
    .where(and(eq(partners.id, partnerId), eq(partners.stage, from)))
    .returning({ id: partners.id });

export const partnersByIdQuery = (db: Db, ids: string[]) => db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, ids));

/** The stage history row, written only when the stage change just before it in the batch happened. */
export const insertStageHistoryIfChanged = (db: Db, row: typeof partnerStageHistory.$inferInsert) => insertIfPreviousChanged(db, partnerStageHistory, row);

/** True once the history row exists: the stage change of this request is the one that happened. */
export const stageHistoryWritten = (historyId: string) => sql`exists (select 1 from partner_stage_history where id = ${historyId})`;
