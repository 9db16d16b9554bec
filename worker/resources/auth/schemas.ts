import { z } from '@hono/zod-openapi';
import { LIFECYCLE_STAGES, PARTNER_TYPES } from '../../../db/schema/partners.ts';
import { TOKEN_SCOPES } from '../../domain/permissions.ts';
import { RoleSchema, UserSchema } from '../users/schemas.ts';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** New passwords: long enough to resist guessing, bounded so hashing cost stays bounded. */
export const NewPasswordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

export const LoginSchema = z
  .object({
    email: z.email().max(254),
    password: z.string().min(1).max(PASSWORD_MAX),
  })
  .openapi('Login');

export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX),
    newPassword: NewPasswordSchema,
  })
  .openapi('PasswordChange');

export const PartnerSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(PARTNER_TYPES),
    tierId: z.string().nullable(),
    stage: z.enum(LIFECYCLE_STAGES),
  })
  .openapi('PartnerSummary');

/** The caller: a signed-in user (with their partner) or an integration token (introspection). */
export const MeSchema = z
  .object({
    kind: z.enum(['user', 'token']),
    user: UserSchema.nullable(),
    role: RoleSchema.nullable(),
    partner: PartnerSummarySchema.nullable(),
    token: z.object({ id: z.string(), scopes: z.array(z.enum(TOKEN_SCOPES)) }).nullable(),
  })
  .openapi('Me');
