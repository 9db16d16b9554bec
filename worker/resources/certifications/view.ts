import type { z } from '@hono/zod-openapi';
import type { CertificationView, ProgramRow } from '../../../db/queries/certifications.ts';
import type { CertificationSchema, ProgramSchema } from './schemas.ts';

export const programView = (p: ProgramRow): z.infer<typeof ProgramSchema> => ({
  id: p.id,
  name: p.name,
  description: p.description,
  level: p.level,
  validityMonths: p.validityMonths,
  courseUrl: p.courseUrl,
  active: p.active,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const certificationView = (r: CertificationView): z.infer<typeof CertificationSchema> => ({
  id: r.id,
  partnerId: r.partnerId,
  partnerName: r.partnerName,
  userId: r.userId,
  userName: r.userName,
  programId: r.programId,
  programName: r.programName,
  level: r.programLevel as z.infer<typeof CertificationSchema>['level'],
  earnedOn: r.earnedOn,
  expiresAt: r.expiresOn,
  credentialId: r.credentialId,
  status: r.status,
  rejectionReason: r.rejectionReason,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  evidence: r.evidenceKey && r.evidenceType ? { contentType: r.evidenceType, size: r.evidenceSize ?? 0 } : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
