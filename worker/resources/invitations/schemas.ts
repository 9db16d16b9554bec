import { z } from '@hono/zod-openapi';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';
import { NewPasswordSchema } from '../auth/schemas.ts';
import { RoleSchema } from '../users/schemas.ts';

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    partnerId: z.string().nullable(),
    partnerName: z.string().nullable(),
    invitedBy: z.string().nullable(),
    status: z.enum(INVITATION_STATUSES),
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime,
  })
  .openapi('Invitation');

export const InvitationPageSchema = pageOf(InvitationSchema, 'InvitationPage');

export const InvitationListQuerySchema = PageQuerySchema.extend({
  partnerId: z.string().max(64).optional().openapi({ description: 'Staff only: invitations into this partner company' }),
  status: z.enum(INVITATION_STATUSES).default('pending'),
});

export const InvitationCreateSchema = z
  .object({
    email: z.email().max(254),
    role: RoleSchema,
    partnerId: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: 'The partner company, for partner roles. Partner admins may omit it (their own company).' }),
  })
  .strict()
  .openapi('InvitationCreate');

export const InvitationCreatedSchema = z
  .object({
    invitation: InvitationSchema,
    inviteUrl: z
      .string()
      .nullable()
      .openapi({ description: 'The single-use link. The invitee also gets it by email; shown so the inviter can pass it on another way.' }),
  })
  .openapi('InvitationCreated');

export const InvitationPreviewSchema = z
  .object({ email: z.string(), role: RoleSchema, partnerName: z.string().nullable(), expiresAt: IsoDateTime })
  .openapi('InvitationPreview');

export const InvitationAcceptSchema = z
  .object({ name: z.string().trim().min(1).max(120), password: NewPasswordSchema })
  .strict()
  .openapi('InvitationAccept');

export const InvitationTokenParam = z.object({
  token: z.string().min(10).max(100).openapi({ param: { name: 'token', in: 'path' } }),
});
