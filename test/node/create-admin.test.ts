import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLibsqlServer } from '../../db/local-server/server.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createAdminInvitation } from '../../scripts/create-admin.ts';
import { sha256Hex } from '../../worker/lib/signing.ts';

let dir: string;
let server: Awaited<ReturnType<typeof startLibsqlServer>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prm-admin-'));
  server = await startLibsqlServer({ dataDir: dir, port: 0 });
  await migrateDatabase(server.url);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run admin:create', () => {
  it('creates a single-use admin invitation whose link token is stored only as a hash', async () => {
    const { id, inviteUrl } = await createAdminInvitation({ url: server.url, email: ' Root@Vendor.COM ', portalUrl: 'https://partners.vendor.com' });
    const token = inviteUrl.match(/^https:\/\/partners\.vendor\.com\/invite\/([a-z2-7]+)$/)?.[1];
    expect(token).toBeDefined();
    const client = createClient({ url: server.url });
    const row = (await client.execute({ sql: 'select email, role, partner_id, token_hash from invitations where id = ?', args: [id] })).rows[0]!;
    client.close();
    expect(row).toMatchObject({ email: 'root@vendor.com', role: 'admin', partner_id: null, token_hash: await sha256Hex(token!) });
  });

  it('refuses an invalid email', async () => {
    const invitations = async () => {
      const client = createClient({ url: server.url });
      const { rows } = await client.execute('select count(*) as n from invitations');
      client.close();
      return Number(rows[0]!.n);
    };
    const before = await invitations();
    await expect(createAdminInvitation({ url: server.url, email: 'not-an-email', portalUrl: 'https://x.example' })).rejects.toMatchObject({
      name: 'ZodError',
      issues: [expect.objectContaining({ format: 'email' })],
    });
    expect(await invitations()).toBe(before);
  });
});
