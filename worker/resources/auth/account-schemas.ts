import { z } from '@hono/zod-openapi';
import { NewPasswordSchema } from './schemas.ts';

export const PasswordResetRequestSchema = z.object({ email: z.email().max(254) }).openapi('PasswordResetRequest');

export const PasswordResetConfirmSchema = z
  .object({ token: z.string().min(1).max(200), password: NewPasswordSchema })
  .openapi('PasswordResetConfirm');

export const ProfilePatchSchema = z.strictObject({ name: z.string().trim().min(1, 'Required').max(200) }).openapi('ProfilePatch');

export const RevokedSessionsSchema = z.object({ revoked: z.number().int() }).openapi('RevokedSessions');
