import { z } from '@hono/zod-openapi';
import { PARTNER_ROLES, ROLES, USER_STATUSES } from '../../../db/schema/users.ts';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';

export const RoleSchema = z.enum(ROLES).openapi('Role');

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    partnerId: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    lastLoginAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
  })
  .openapi('User');

export const UserPageSchema = pageOf(UserSchema, 'UserPage');

export const UserListQuerySchema = PageQuerySchema.extend({
  partnerId: z.string().max(64).optional().openapi({ description: 'Only users of this partner company' }),
  role: RoleSchema.optional(),
  status: z.enum(USER_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Matches the start of the email or the name' }),
});

export const TeamQuerySchema = PageQuerySchema.extend({ status: z.enum(USER_STATUSES).optional() });

export const UserPatchSchema = z
  .object({
    role: RoleSchema.optional(),
    status: z.enum(USER_STATUSES).optional(),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.status !== undefined, { message: 'Give a role or a status to change', path: ['role'] })
  .openapi('UserPatch');

export const isPartnerRole = (role: string) => (PARTNER_ROLES as readonly string[]).includes(role);

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  partnerId: string | null;
  status: (typeof USER_STATUSES)[number];
  lastLoginAt: Date | null;
  createdAt: Date;
}

export function userView(u: UserRow): z.infer<typeof UserSchema> {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    partnerId: u.partnerId,
    status: u.status,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
