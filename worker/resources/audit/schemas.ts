import { z } from '@hono/zod-openapi';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: IsoDateTime,
    actorType: z.enum(['user', 'token', 'system']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    partnerId: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = pageOf(AuditEntrySchema, 'AuditPage');

export const AuditQuerySchema = PageQuerySchema.extend({
  actorId: z.string().max(64).optional(),
  objectType: z.string().max(40).optional(),
  objectId: z.string().max(64).optional(),
  partnerId: z.string().max(64).optional(),
  action: z.string().max(60).optional(),
});
