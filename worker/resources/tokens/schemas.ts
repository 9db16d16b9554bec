import { z } from '@hono/zod-openapi';
import { TOKEN_SCOPES } from '../../domain/permissions.ts';
import { IsoDateTime, PageQuerySchema, pageOf } from '../../lib/schemas.ts';

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdBy: z.string().nullable(),
    createdAt: IsoDateTime,
    lastUsedAt: IsoDateTime.nullable(),
    revokedAt: IsoDateTime.nullable(),
  })
  .openapi('IntegrationToken');

export const TokenPageSchema = pageOf(TokenSchema, 'IntegrationTokenPage');
export const TokenListQuerySchema = PageQuerySchema;

export const TokenCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    scopes: z
      .array(z.enum(TOKEN_SCOPES))
      .min(1)
      .refine((s) => new Set(s).size === s.length, { message: 'List each scope once' }),
  })
  .strict()
  .openapi('IntegrationTokenCreate');

export const TokenCreatedSchema = z
  .object({
    token: TokenSchema,
    secret: z.string().openapi({ description: 'The token itself. Shown once: only its hash is stored.' }),
  })
  .openapi('IntegrationTokenCreated');

export function tokenView(t: {
  id: string;
  name: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): z.infer<typeof TokenSchema> {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes as z.infer<typeof TokenSchema>['scopes'],
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
