/**
 * `npm run admin:create -- --email you@vendor.com [--portal-url https://partners.vendor.com]`
 *
 * Bootstraps a production database, which has no accounts (demo accounts exist only in the
 * demo seed): creates a single-use admin invitation and prints its link. Uses
 * TURSO_DATABASE_URL / TURSO_AUTH_TOKEN (default: the local database).
 */
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { parseArgs } from 'node:util';
import * as schema from '../db/schema/index.ts';
import { INVITATION_TTL_MS, newInvitationToken } from '../worker/domain/invitations.ts';
import { newId } from '../worker/lib/ids.ts';
import { sha256Hex } from '../worker/lib/signing.ts';
import { z } from 'zod';

export async function createAdminInvitation(opts: { url: string; authToken?: string; email: string; portalUrl: string; now?: Date }) {
  const email = z.email().parse(opts.email.trim().toLowerCase());
  const client = createClient({ url: opts.url, authToken: opts.authToken });
  const db = drizzle(client, { schema });
  try {
    const existing = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, email)).get();
    if (existing) throw new Error(`${email} already has an account`);
    const now = opts.now ?? new Date();
    const token = newInvitationToken();
    const id = newId('inv');
    await db.batch([
      db.insert(schema.invitations).values({
        id,
        tokenHash: await sha256Hex(token),
        email,
        role: 'admin',
        partnerId: null,
        invitedBy: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      }),
      db.insert(schema.auditLog).values({
        id: newId('aud'),
        at: now,
        actorType: 'system',
        actorId: null,
        action: 'invitation.created',
        objectType: 'invitation',
        objectId: id,
        partnerId: null,
        ip: null,
        details: { email, role: 'admin', via: 'admin:create' },
      }),
    ]);
    return { id, inviteUrl: new URL(`/invite/${token}`, opts.portalUrl).toString() };
  } finally {
    client.close();
  }
}

if (process.argv[1]?.endsWith('create-admin.ts')) {
  const { values } = parseArgs({ options: { email: { type: 'string' }, 'portal-url': { type: 'string' } } });
  if (!values.email) {
    console.error('usage: npm run admin:create -- --email you@vendor.com [--portal-url https://…]');
    process.exit(2);
  }
  createAdminInvitation({
    url: process.env.TURSO_DATABASE_URL ?? `file:${process.env.DATA_DIR ?? '.data'}/local.db`,
    authToken: process.env.TURSO_AUTH_TOKEN,
    email: values.email,
    portalUrl: values['portal-url'] ?? process.env.PORTAL_URL ?? 'http://localhost:8787',
  }).then(
    ({ inviteUrl }) => console.log(`Admin invitation (single use, valid 7 days):\n  ${inviteUrl}`),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
