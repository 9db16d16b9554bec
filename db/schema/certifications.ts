import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, timestamp, updatedAt } from './columns.ts';
import { CERTIFICATION_LEVELS, CERTIFICATION_STATUSES, TIER_PROPOSAL_STATUSES } from './certification-enums.ts';
import { LIFECYCLE_STAGES, partners, tiers } from './partners.ts';
import { users } from './users.ts';

export * from './certification-enums.ts';

/** What a partner's people can be certified in (managers maintain it). */
export const certificationPrograms = sqliteTable(
  'certification_programs',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    level: text('level', { enum: CERTIFICATION_LEVELS }).notNull(),
    // Null: the certificate never expires.
    validityMonths: integer('validity_months'),
    courseUrl: text('course_url'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('certification_programs_name_uq').on(t.name)],
);

/** One certificate one person earned; a renewal is a later row of the same person and program. */
export const certifications = sqliteTable(
  'certifications',
  {
    id: id(),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    programId: text('program_id')
      .notNull()
      .references(() => certificationPrograms.id),
    // Calendar dates (YYYY-MM-DD). A certificate is valid through its expiry day.
    earnedOn: text('earned_on').notNull(),
    expiresOn: text('expires_on'),
    credentialId: text('credential_id'),
    status: text('status', { enum: CERTIFICATION_STATUSES }).notNull(),
    rejectionReason: text('rejection_reason'),
    decidedAt: timestamp('decided_at'),
    decidedBy: text('decided_by'),
    // R2 object key of the evidence file (CONTENT_BUCKET, prefix evidence/).
    evidenceKey: text('evidence_key'),
    evidenceType: text('evidence_type'),
    evidenceSize: integer('evidence_size'),
    expiringNotifiedAt: timestamp('expiring_notified_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('certifications_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
    index('certifications_user_program_idx').on(t.userId, t.programId, t.earnedOn),
    index('certifications_status_expires_idx').on(t.status, t.expiresOn),
    index('certifications_created_idx').on(t.createdAt, t.id),
  ],
);

/** A tier's per-program requirement: at least `people` verified holders of that program. */
export const tierProgramRequirements = sqliteTable(
  'tier_program_requirements',
  {
    tierId: text('tier_id')
      .notNull()
      .references(() => tiers.id),
    programId: text('program_id')
      .notNull()
      .references(() => certificationPrograms.id),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tierId, t.programId] })],
);

/** A tier change the daily job proposes; a manager approves or dismisses it. */
export const tierProposals = sqliteTable(
  'tier_proposals',
  {
    id: id(),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    fromTierId: text('from_tier_id'),
    toTierId: text('to_tier_id'),
    direction: text('direction', { enum: ['upgrade', 'downgrade'] }).notNull(),
    status: text('status', { enum: TIER_PROPOSAL_STATUSES }).notNull(),
    // The facts and gaps the proposal was made on (JSON).
    facts: text('facts', { mode: 'json' }).notNull(),
    proposedAt: timestamp('proposed_at').notNull(),
    // Downgrades wait the grace period: approvable from this instant.
    approvableFrom: timestamp('approvable_from').notNull(),
    decidedAt: timestamp('decided_at'),
    decidedBy: text('decided_by'),
    note: text('note'),
  },
  (t) => [
    // At most one open proposal per partner.
    uniqueIndex('tier_proposals_open_uq').on(t.partnerId).where(sql`status = 'open'`),
    index('tier_proposals_status_idx').on(t.status, t.proposedAt, t.id),
  ],
);

/** Every lifecycle stage change of a partner. */
export const partnerStageHistory = sqliteTable(
  'partner_stage_history',
  {
    id: id(),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    fromStage: text('from_stage', { enum: LIFECYCLE_STAGES }),
    toStage: text('to_stage', { enum: LIFECYCLE_STAGES }).notNull(),
    at: timestamp('at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    reason: text('reason'),
  },
  (t) => [index('partner_stage_history_partner_idx').on(t.partnerId, t.at)],
);

/**
 * The manual part of a partner's onboarding checklist and the daily job's "at risk" proposal;
 * the other checklist items are derived from data (users, certifications, deals).
 */
export const partnerOnboarding = sqliteTable('partner_onboarding', {
  partnerId: text('partner_id')
    .primaryKey()
    .references(() => partners.id),
  agreementSignedOn: text('agreement_signed_on'),
  agreementTickedBy: text('agreement_ticked_by'),
  agreementTickedAt: timestamp('agreement_ticked_at'),
  atRiskReasons: text('at_risk_reasons', { mode: 'json' }).$type<string[]>(),
  atRiskProposedAt: timestamp('at_risk_proposed_at'),
});
