import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { certificationsToExpireQuery, certificationsToWarnQuery, markExpired, markWarned } from '../../db/queries/certifications.ts';
import { setAtRisk } from '../../db/queries/onboarding.ts';
import { programSettingsQuery, toProgramSettings } from '../../db/queries/settings.ts';
import { closeProposal, insertProposal, openProposalsQuery, partnersForReviewQuery } from '../../db/queries/tiers.ts';
import { previousChanged } from '../../db/queries/insert-where.ts';
import { insertEvent, insertEventsWhere } from '../../db/queries/webhooks.ts';
import { DAY_MS } from '../domain/business-time.ts';
import { systemAuditInsert } from '../lib/audit.ts';
import { newId } from '../lib/ids.ts';
import { expiringHorizon, isoDay } from '../resources/certifications/rules.ts';
import { certificationView } from '../resources/certifications/view.ts';
import { atRiskReasons } from '../resources/partners/onboarding.ts';
import { evaluateTier, proposedChange, requirementStatus } from '../resources/tiers/engine.ts';
import { loadedFacts, proposalView, tierFactStatements } from '../resources/tiers/facts.ts';

/** The daily cron expression (wrangler.toml `crons`); the 5-minute one never runs these jobs. */
export const DAILY_CRON = '0 3 * * *';
export const CERTIFICATION_BATCH_SIZE = 200;

const system = (db: Db, at: Date, action: string, objectType: string, objectId: string, partnerId: string | null, details: Record<string, unknown>) =>
  systemAuditInsert(db, { action, objectType, objectId, partnerId, details, at });

export interface CertificationRun {
  expired: number;
  warned: number;
  more: boolean;
}

/**
 * Certificates past their expiry day become `expired` (`certification.expired`); verified ones
 * expiring within 30 days get `certification.expiring`, once. Two round trips; each update is
 * guarded (status / not yet warned) and its audit and event rows follow only if it changed.
 */
export async function runCertificationLifecycle(db: Db, now: Date, limit = CERTIFICATION_BATCH_SIZE): Promise<CertificationRun> {
  const today = isoDay(now);
  const [toExpire, toWarn] = await db.batch([certificationsToExpireQuery(db, today, limit), certificationsToWarnQuery(db, today, expiringHorizon(today), limit)]);
  const statements: BatchItem<'sqlite'>[] = [];
  // Each event row follows its guarded update only if that update changed the certificate.
  const changed = previousChanged();
  for (const row of toExpire) {
    const view = certificationView({ ...row, status: 'expired', updatedAt: now });
    statements.push(
      markExpired(db, row.id, now),
      insertEventsWhere(db, [{ id: newId('evt'), type: 'certification.expired', occurredAt: now, partnerId: row.partnerId, subjectType: 'certification', subjectId: row.id, data: { certification: view } }], changed),
    );
  }
  for (const row of toWarn) {
    const view = certificationView(row);
    statements.push(
      markWarned(db, row.id, now),
      insertEventsWhere(db, [{ id: newId('evt'), type: 'certification.expiring', occurredAt: now, partnerId: row.partnerId, subjectType: 'certification', subjectId: row.id, data: { certification: view } }], changed),
    );
  }
  if (statements.length) {
    statements.push(system(db, now, 'certifications.lifecycle', 'certification', 'daily', null, { expired: toExpire.map((r) => r.id), warned: toWarn.map((r) => r.id) }));
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  }
  return { expired: toExpire.length, warned: toWarn.length, more: toExpire.length === limit || toWarn.length === limit };
}

export interface TierReviewRun {
  proposed: number;
  withdrawn: number;
  atRisk: number;
}

/**
 * Evaluates every partner with the tier engine (one read round trip) and writes, in one batch:
 * a proposal (+ `partner.tier_change_proposed`) where the qualifying tier differs from the
 * current one and no open proposal already says so; withdraws open proposals the facts no
 * longer support; records "at risk" reasons (or clears them). Nothing changes a partner's tier:
 * managers approve proposals.
 */
export async function runTierReview(db: Db, now: Date): Promise<TierReviewRun> {
  const today = isoDay(now);
  const [partners, settingsRows, open, ...factRows] = await db.batch([partnersForReviewQuery(db), programSettingsQuery(db), openProposalsQuery(db), ...tierFactStatements(db, today)]);
  const loaded = loadedFacts(factRows as never);
  const graceDays = toProgramSettings(settingsRows).tierDowngradeGraceDays;
  const statements: BatchItem<'sqlite'>[] = [];
  const run: TierReviewRun = { proposed: 0, withdrawn: 0, atRisk: 0 };

  for (const partner of partners) {
    const facts = loaded.factsOf(partner.id);
    const evaluation = evaluateTier(loaded.tiers, facts);
    const current = loaded.tiers.find((t) => t.id === partner.tierId) ?? null;
    const direction = proposedChange(current, evaluation.qualifiesFor);
    const existing = open.find((o) => o.proposal.partnerId === partner.id);
    const target = evaluation.qualifiesFor?.id ?? null;

    if (existing && (!direction || existing.proposal.toTierId !== target)) {
      statements.push(closeProposal(db, existing.proposal.id, { status: 'withdrawn', decidedAt: now, decidedBy: null, note: 'The facts changed: the daily job no longer proposes this tier.' }));
      statements.push(system(db, now, 'tier_proposal.withdrawn', 'partner', partner.id, partner.id, { proposalId: existing.proposal.id }));
      run.withdrawn++;
    }
    if (direction && (!existing || existing.proposal.toTierId !== target)) {
      const proposal = {
        id: newId('tpr'),
        partnerId: partner.id,
        fromTierId: current?.id ?? null,
        toTierId: target,
        direction,
        status: 'open' as const,
        facts: { certifiedPeople: facts.certifiedPeople, certifiedByProgram: facts.certifiedByProgram, wonRevenue: facts.wonRevenue, wonDeals: facts.wonDeals, gaps: evaluation.gaps, asOf: today },
        proposedAt: now,
        approvableFrom: direction === 'downgrade' ? new Date(now.getTime() + graceDays * DAY_MS) : now,
        decidedAt: null,
        decidedBy: null,
        note: null,
      };
      const view = proposalView({ proposal, partnerName: partner.name, fromTierName: current?.name ?? null, toTierName: evaluation.qualifiesFor?.name ?? null, toTierProtectionDays: evaluation.qualifiesFor?.protectionDays ?? null });
      statements.push(
        insertProposal(db, proposal),
        insertEvent(db, { id: newId('evt'), type: 'partner.tier_change_proposed', occurredAt: now, partnerId: partner.id, subjectType: 'partner', subjectId: partner.id, data: { partner: { id: partner.id, name: partner.name }, proposal: view } }),
        system(db, now, 'tier_proposal.created', 'partner', partner.id, partner.id, { proposalId: proposal.id, direction, from: current?.id ?? null, to: target }),
      );
      run.proposed++;
    }

    // "At risk": judged against the tier the partner has now.
    const needs = current ? requirementStatus(current, facts) : [];
    const reasons = atRiskReasons({
      stage: partner.stage,
      now,
      lastRegistrationAt: partner.lastRegistrationAt === null ? null : Number(partner.lastRegistrationAt),
      tierNeedsPeople: current?.requiredCertifiedPeople ?? 0,
      certifiedPeople: facts.certifiedPeople,
      programShortfall: needs.some((r) => r.requirement === 'programCertified' && !r.met),
    });
    const before = (partner.atRiskReasons ?? []) as string[];
    if (reasons.join() !== before.join()) {
      statements.push(setAtRisk(db, partner.id, reasons.length ? reasons : null, reasons.length ? now : null));
      if (reasons.length) statements.push(system(db, now, 'partner.at_risk_proposed', 'partner', partner.id, partner.id, { reasons }));
    }
    if (reasons.length) run.atRisk++;
  }
  if (statements.length) await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  return run;
}
