import { and, asc, countDistinct, desc, eq, getTableColumns, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { certificationPrograms, certifications, events, partners, users } from '../schema/index.ts';
import { insertRowsWhere } from './insert-where.ts';
import type { CertificationStatus } from '../schema/certification-enums.ts';

export type ProgramRow = typeof certificationPrograms.$inferSelect;
export type CertificationRow = typeof certifications.$inferSelect;
export type CertificationInsert = typeof certifications.$inferInsert & { id: string; userId: string; programId: string; earnedOn: string };

// ---- programs ---------------------------------------------------------------------------

export const programListQuery = (db: Db, activeOnly: boolean) =>
  db
    .select()
    .from(certificationPrograms)
    .where(activeOnly ? eq(certificationPrograms.active, true) : undefined)
    .orderBy(asc(certificationPrograms.name));

export const programQuery = (db: Db, id: string) => db.select().from(certificationPrograms).where(eq(certificationPrograms.id, id));

export const programByNameQuery = (db: Db, name: string) =>
  db.select({ id: certificationPrograms.id }).from(certificationPrograms).where(eq(certificationPrograms.name, name));

export const insertProgram = (db: Db, row: typeof certificationPrograms.$inferInsert) => db.insert(certificationPrograms).values(row);

export const updateProgram = (db: Db, id: string, patch: Partial<typeof certificationPrograms.$inferInsert>) =>
  db.update(certificationPrograms).set(patch).where(eq(certificationPrograms.id, id)).returning();

// ---- certifications ---------------------------------------------------------------------

/** A certification with the names the API shows next to it. */
const certColumns = {
  ...getTableColumns(certifications),
  userName: users.name,
  userEmail: users.email,
  partnerName: partners.name,
  programName: certificationPrograms.name,
  programLevel: certificationPrograms.level,
};
export type CertificationView = CertificationRow & { userName: string; userEmail: string; partnerName: string; programName: string; programLevel: string };

const withNames = (db: Db) =>
  db
    .select(certColumns)
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(partners, eq(partners.id, certifications.partnerId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId));

/** Who may see which rows: partner admins their company's, reps their own, staff all. */
export interface CertificationScope {
  partnerId?: string;
  userId?: string;
}

const scoped = (scope: CertificationScope) => [
  scope.partnerId !== undefined ? eq(certifications.partnerId, scope.partnerId) : undefined,
  scope.userId !== undefined ? eq(certifications.userId, scope.userId) : undefined,
];

export interface CertificationFilter {
  partnerId?: string;
  userId?: string;
  programId?: string;
  status?: CertificationStatus;
  /** Expiry date on or before this day (certificates that never expire are left out). */
  expiringBefore?: string;
}

/** Newest first, keyset on (created_at, id). */
export function certificationPageQuery(db: Db, scope: CertificationScope, filter: CertificationFilter, after: { at: number; id: string } | null, limit: number) {
  const conditions: (SQL | undefined)[] = [
    ...scoped(scope),
    filter.partnerId ? eq(certifications.partnerId, filter.partnerId) : undefined,
    filter.userId ? eq(certifications.userId, filter.userId) : undefined,
    filter.programId ? eq(certifications.programId, filter.programId) : undefined,
    filter.status ? eq(certifications.status, filter.status) : undefined,
    filter.expiringBefore ? lte(certifications.expiresOn, filter.expiringBefore) : undefined,
    after
      ? or(lt(certifications.createdAt, new Date(after.at)), and(eq(certifications.createdAt, new Date(after.at)), lt(certifications.id, after.id)))
      : undefined,
  ];
  return withNames(db)
    .where(and(...conditions))
    .orderBy(desc(certifications.createdAt), desc(certifications.id))
    .limit(limit + 1);
}

export const certificationQuery = (db: Db, id: string, scope: CertificationScope = {}) =>
  withNames(db).where(and(eq(certifications.id, id), ...scoped(scope)));

/** The person a certificate is recorded for. */
export const holderQuery = (db: Db, userId: string) =>
  db
    .select({ id: users.id, name: users.name, email: users.email, partnerId: users.partnerId, status: users.status, partnerName: partners.name })
    .from(users)
    .leftJoin(partners, eq(partners.id, users.partnerId))
    .where(eq(users.id, userId));

/** The person's certificates of a program that still count or wait (for the renewal rule). */
export const holderProgramQuery = (db: Db, userId: string, programId: string) =>
  db
    .select()
    .from(certifications)
    .where(and(eq(certifications.userId, userId), eq(certifications.programId, programId), inArray(certifications.status, ['pending', 'verified', 'expired'])))
    .orderBy(desc(certifications.earnedOn));

export const insertCertification = (db: Db, row: typeof certifications.$inferInsert) => db.insert(certifications).values(row);

/** Applies a decision only while the certificate is still pending (a concurrent decision wins once). */
export const decideCertification = (db: Db, id: string, patch: Partial<typeof certifications.$inferInsert>) =>
  db.update(certifications).set(patch).where(and(eq(certifications.id, id), eq(certifications.status, 'pending'))).returning({ id: certifications.id });

/** Older verified certificates of the same person and program: replaced by a verified renewal. */
export const supersedeOlder = (db: Db, userId: string, programId: string, earnedBefore: string, at: Date) =>
  db
    .update(certifications)
    .set({ status: 'renewed', updatedAt: at })
    .where(
      and(
        eq(certifications.userId, userId),
        eq(certifications.programId, programId),
        inArray(certifications.status, ['verified', 'expired']),
        lt(certifications.earnedOn, earnedBefore),
      ),
    );

export const setEvidence = (db: Db, id: string, patch: { evidenceKey: string; evidenceType: string; evidenceSize: number; updatedAt: Date }) =>
  db.update(certifications).set(patch).where(eq(certifications.id, id));

/** Rows of a CSV import: holders by email and programs by name. */
export const usersByEmailQuery = (db: Db, emails: string[]) =>
  db
    .select({ id: users.id, name: users.name, email: users.email, partnerId: users.partnerId, status: users.status, partnerName: partners.name })
    .from(users)
    .leftJoin(partners, eq(partners.id, users.partnerId))
    .where(inArray(users.email, emails));
export const programsByNameQuery = (db: Db, names: string[]) =>
  db.select().from(certificationPrograms).where(inArray(certificationPrograms.name, names));
export const certificationsOfUsersQuery = (db: Db, userIds: string[]) =>
  db
    .select({ userId: certifications.userId, programId: certifications.programId, earnedOn: certifications.earnedOn, status: certifications.status })
    .from(certifications)
    .where(and(inArray(certifications.userId, userIds), ne(certifications.status, 'rejected')));

// ---- facts (tier engine) -----------------------------------------------------------------

/** Verified and valid on `today` (through the expiry day), held by an active user. */
const countsOn = (today: string) =>
  and(eq(certifications.status, 'verified'), or(isNull(certifications.expiresOn), gte(certifications.expiresOn, today)), eq(users.status, 'active'));

/** Distinct certified people per partner (all partners, or one). */
export const certifiedPeopleQuery = (db: Db, today: string, partnerId?: string) =>
  db
    .select({ partnerId: certifications.partnerId, people: countDistinct(certifications.userId) })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(and(countsOn(today), partnerId ? eq(certifications.partnerId, partnerId) : undefined))
    .groupBy(certifications.partnerId);

/** Distinct certified people per partner and program. */
export const certifiedByProgramQuery = (db: Db, today: string, partnerId?: string) =>
  db
    .select({ partnerId: certifications.partnerId, programId: certifications.programId, programName: certificationPrograms.name, people: countDistinct(certifications.userId) })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(and(countsOn(today), partnerId ? eq(certifications.partnerId, partnerId) : undefined))
    .groupBy(certifications.partnerId, certifications.programId);

// ---- daily job --------------------------------------------------------------------------

/** Verified certificates whose expiry day is before `today`. */
export const certificationsToExpireQuery = (db: Db, today: string, limit: number) =>
  withNames(db)
    .where(and(eq(certifications.status, 'verified'), lt(certifications.expiresOn, today)))
    .limit(limit);

/** Verified certificates expiring from today to `horizon`, not yet warned. */
export const certificationsToWarnQuery = (db: Db, today: string, horizon: string, limit: number) =>
  withNames(db)
    .where(
      and(
        eq(certifications.status, 'verified'),
        gte(certifications.expiresOn, today),
        lte(certifications.expiresOn, horizon),
        isNull(certifications.expiringNotifiedAt),
      ),
    )
    .limit(limit);

export const markExpired = (db: Db, id: string, at: Date) =>
  db.update(certifications).set({ status: 'expired', updatedAt: at }).where(and(eq(certifications.id, id), eq(certifications.status, 'verified'))).returning({ id: certifications.id });

export const markWarned = (db: Db, id: string, at: Date) =>
  db.update(certifications).set({ expiringNotifiedAt: at }).where(and(eq(certifications.id, id), isNull(certifications.expiringNotifiedAt))).returning({ id: certifications.id });

/** Coverage: verified, valid holders per partner and program. */
export const coverageQuery = (db: Db, today: string) =>
  db
    .select({ partnerId: certifications.partnerId, partnerName: partners.name, programId: certifications.programId, programName: certificationPrograms.name, people: countDistinct(certifications.userId) })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(partners, eq(partners.id, certifications.partnerId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(countsOn(today))
    .groupBy(certifications.partnerId, certifications.programId)
    .orderBy(asc(partners.name), asc(certificationPrograms.name));

export const pendingCountQuery = (db: Db) =>
  db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(certifications).where(eq(certifications.status, 'pending'));

/**
 * True once the certification became `status` at `at` by `by` in this batch: the decision that
 * won a race (two managers deciding in the same millisecond differ in who decided).
 */
export const certificationDecidedAt = (id: string, status: string, at: Date, by: string) =>
  sql`exists (select 1 from certifications where id = ${id} and status = ${status} and decided_at = ${at.getTime()} and decided_by = ${by})`;

/**
 * One imported certificate: left out when the person already holds the program from that date
 * or later (so re-importing a file changes nothing; the first result's rowsAffected says which),
 * its outbox events only if it was written, and older certificates of that program superseded.
 */
export function importCertificationStatements(db: Db, row: CertificationInsert, rowEvents: (typeof events.$inferInsert)[], at: Date) {
  const notRecorded = sql`not exists (select 1 from certifications x where x.user_id = ${row.userId} and x.program_id = ${row.programId} and x.status in ('pending', 'verified', 'expired') and x.earned_on >= ${row.earnedOn})`;
  return [
    insertRowsWhere(db, certifications, [row], notRecorded),
    insertRowsWhere(db, events, rowEvents, sql`exists (select 1 from certifications where id = ${row.id})`),
    supersedeOlder(db, row.userId, row.programId, row.earnedOn, at),
  ] as const;
}
