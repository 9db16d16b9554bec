import { z } from '@hono/zod-openapi';
import { CERTIFICATION_LEVELS, CERTIFICATION_STATUSES } from '../../../db/schema/certification-enums.ts';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';
import { isRealDate } from './rules.ts';

const CalendarDate = z
  .string()
  .refine(isRealDate, 'A calendar date as YYYY-MM-DD')
  .openapi({ format: 'date' });

export const ProgramSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    level: z.enum(CERTIFICATION_LEVELS),
    validityMonths: z.number().int().nullable(),
    courseUrl: z.string().nullable(),
    active: z.boolean(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('CertificationProgram');

export const ProgramListSchema = z.object({ items: z.array(ProgramSchema) }).openapi('CertificationProgramList');

const programFields = {
  name: z.string().trim().min(2, 'At least 2 characters').max(120),
  description: z.string().trim().max(2000),
  level: z.enum(CERTIFICATION_LEVELS),
  validityMonths: z.number().int().min(1).max(120).nullable(),
  courseUrl: z
    .string()
    .trim()
    .max(500)
    .url('A full URL (https://…)')
    .refine((u) => /^https?:\/\//i.test(u), 'http or https only')
    .nullable(),
  active: z.boolean(),
};

export const ProgramInputSchema = z
  .object({
    ...programFields,
    description: programFields.description.default(''),
    validityMonths: programFields.validityMonths.default(null),
    courseUrl: programFields.courseUrl.default(null),
    active: programFields.active.default(true),
  })
  .strict()
  .openapi('CertificationProgramInput');

export const ProgramPatchSchema = z
  .object(Object.fromEntries(Object.entries(programFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof programFields]: z.ZodOptional<(typeof programFields)[K]> })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change', path: ['name'] })
  .openapi('CertificationProgramPatch');

export const CertificationSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    partnerName: z.string(),
    userId: z.string(),
    userName: z.string(),
    programId: z.string(),
    programName: z.string(),
    level: z.enum(CERTIFICATION_LEVELS),
    earnedOn: z.string().openapi({ format: 'date' }),
    expiresAt: z.string().nullable().openapi({ format: 'date' }),
    credentialId: z.string().nullable(),
    status: z.enum(CERTIFICATION_STATUSES),
    rejectionReason: z.string().nullable(),
    decidedAt: IsoDateTime.nullable(),
    evidence: z.object({ contentType: z.string(), size: z.number().int() }).nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Certification');

export const CertificationPageSchema = pageOf(CertificationSchema, 'CertificationPage');

export const CertificationListQuerySchema = PageQuerySchema.extend({
  partnerId: z.string().max(64).optional(),
  userId: z.string().max(64).optional(),
  programId: z.string().max(64).optional(),
  status: z.enum(CERTIFICATION_STATUSES).optional(),
  expiringBefore: CalendarDate.optional(),
});

export const CertificationInputSchema = z
  .object({
    programId: z.string().min(1, 'Required').max(64),
    earnedOn: CalendarDate,
    credentialId: z.string().trim().min(1).max(120).optional(),
    userId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .openapi('CertificationInput');

export const RejectSchema = z.object({ reason: z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(1000) }).strict().openapi('CertificationReject');

export const ImportResultSchema = z
  .object({
    imported: z.number().int(),
    skipped: z.array(z.object({ line: z.number().int(), errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() })) })),
  })
  .openapi('CertificationImportResult');

export const ImportQuerySchema = z.object({ skipInvalid: z.enum(['true', 'false']).default('false') });

export const CoverageSchema = z
  .object({
    asOf: z.string(),
    pending: z.number().int(),
    items: z.array(z.object({ partnerId: z.string(), partnerName: z.string(), programId: z.string(), programName: z.string(), people: z.number().int() })),
  })
  .openapi('CertificationCoverage');
