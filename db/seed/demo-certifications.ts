import type { BatchItem } from 'drizzle-orm/batch';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '../schema/index.ts';
import { expiryOf, isoDay } from '../schema/calendar-dates.ts';

type Db = LibSQLDatabase<typeof schema>;
const DAY = 86_400_000;

export const DEMO_PROGRAMS = [
  { id: 'pgm_sales_foundations', name: 'Platform Sales Foundations', description: 'Positioning, packaging and pricing of the platform.', level: 'foundation' as const, validityMonths: 24, courseUrl: 'https://training.example.com/courses/sales-foundations' },
  { id: 'pgm_tech_professional', name: 'Platform Technical Professional', description: 'Architecture, deployment and integration of the platform (proctored exam).', level: 'professional' as const, validityMonths: 12, courseUrl: 'https://training.example.com/exams/tech-professional' },
  { id: 'pgm_security_specialist', name: 'Security Suite Specialist', description: 'Selling and deploying the Security Suite.', level: 'associate' as const, validityMonths: null, courseUrl: null },
];

const CREDENTIAL_CODES: Record<string, string> = { pgm_sales_foundations: 'PSF', pgm_tech_professional: 'PTP', pgm_security_specialist: 'SSS' };
/** A stable four-digit serial per demo certification. */
const serial = (id: string) => String([...id].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) % 9000, 7) + 1000);

/**
 * Programs, a mix of verified, pending, rejected and soon-expiring certifications, the Gold
 * tier's program requirement, onboarding state and the stage history's first entries.
 * Contoso (Silver) is one Platform Technical Professional away from Gold.
 */
export function demoCertificationStatements(db: Db, now: number): BatchItem<'sqlite'>[] {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const programs = DEMO_PROGRAMS.map((p) => ({ ...p, active: true, createdAt: at(400), updatedAt: at(400) }));
  const cert = (id: string, partnerId: string, userId: string, programId: string, earnedDaysAgo: number, status: 'verified' | 'pending' | 'rejected', extra: Partial<typeof schema.certifications.$inferInsert> = {}) => {
    const earnedOn = isoDay(at(earnedDaysAgo));
    const program = DEMO_PROGRAMS.find((p) => p.id === programId)!;
    return {
      id,
      partnerId,
      userId,
      programId,
      earnedOn,
      expiresOn: expiryOf(earnedOn, program.validityMonths),
      // As a training system issues them: program code, year, serial.
      credentialId: `${CREDENTIAL_CODES[programId]}-${earnedOn.slice(0, 4)}-${serial(id)}`,
      status,
      decidedAt: status === 'pending' ? null : at(Math.max(0, earnedDaysAgo - 2)),
      decidedBy: status === 'pending' ? null : 'usr_demo_manager',
      createdBy: userId,
      createdAt: at(earnedDaysAgo - 1),
      updatedAt: at(Math.max(0, earnedDaysAgo - 2)),
      ...extra,
    };
  };
  const certifications = [
    cert('crt_demo_alice_sales', 'prt_northwind', 'usr_demo_alice', 'pgm_sales_foundations', 200, 'verified'),
    // Earned 340 days ago, valid 12 months: expires within the month (the daily job warns).
    cert('crt_demo_nick_tech', 'prt_northwind', 'usr_demo_nick', 'pgm_tech_professional', 340, 'verified'),
    cert('crt_demo_nick_security', 'prt_northwind', 'usr_demo_nick', 'pgm_security_specialist', 5, 'pending'),
    cert('crt_demo_carol_sales', 'prt_contoso', 'usr_demo_carol', 'pgm_sales_foundations', 100, 'verified'),
    cert('crt_demo_carol_security', 'prt_contoso', 'usr_demo_carol', 'pgm_security_specialist', 30, 'rejected', { rejectionReason: 'The credential id is not in the training system; please check it and record it again.' }),
  ];
  const partners = [
    { id: 'prt_northwind', stage: 'active' as const, since: 380 },
    { id: 'prt_contoso', stage: 'active' as const, since: 200 },
    { id: 'prt_fabrikam', stage: 'onboarding' as const, since: 25 },
  ];
  const history = partners.flatMap((p) =>
    p.stage === 'active'
      ? [
          { id: `stg_demo_${p.id}_1`, partnerId: p.id, fromStage: null, toStage: 'onboarding' as const, at: at(p.since), actorType: 'user', actorId: 'usr_demo_manager', reason: null },
          { id: `stg_demo_${p.id}_2`, partnerId: p.id, fromStage: 'onboarding' as const, toStage: 'active' as const, at: at(p.since - 45), actorType: 'user', actorId: 'usr_demo_manager', reason: 'Onboarding complete' },
        ]
      : [{ id: `stg_demo_${p.id}_1`, partnerId: p.id, fromStage: null, toStage: p.stage, at: at(p.since), actorType: 'user', actorId: 'usr_demo_manager', reason: null }],
  );
  return [
    db.insert(schema.certificationPrograms).values(programs),
    db.insert(schema.certifications).values(certifications),
    db.insert(schema.tierProgramRequirements).values([{ tierId: 'tier_gold', programId: 'pgm_tech_professional', people: 1 }]),
    db.insert(schema.partnerStageHistory).values(history),
    db.insert(schema.partnerOnboarding).values([
      { partnerId: 'prt_northwind', agreementSignedOn: isoDay(at(375)), agreementTickedBy: 'usr_demo_manager', agreementTickedAt: at(375) },
      { partnerId: 'prt_contoso', agreementSignedOn: isoDay(at(195)), agreementTickedBy: 'usr_demo_manager', agreementTickedAt: at(195) },
    ]),
  ];
}
