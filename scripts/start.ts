/**
 * `npm start`: the whole product on this machine, offline.
 * Creates the database (DATA_DIR, default .data/), applies migrations, seeds the demo program
 * on first run, builds the portal, starts the local libSQL server and `wrangler dev`, prints
 * the URL and demo logins, and stops everything on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { startLibsqlServer } from '../db/local-server/server.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed/demo.ts';
import { seedDatabase } from '../db/seed/run.ts';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 8787);
const dbPort = process.env.DB_PORT ? Number(process.env.DB_PORT) : 0;
const skipBuild = process.env.SKIP_BUILD === '1';

async function main() {
  await mkdir(dataDir, { recursive: true });
  const db = await startLibsqlServer({ dataDir, port: dbPort });
  console.log(`libSQL server   ${db.url} (database ${join(dataDir, 'local.db')})`);

  await migrateDatabase(db.url);
  const seeded = await seedDatabase(db.url);
  console.log(seeded ? 'Demo data       seeded (first run)' : 'Demo data       kept from the previous run');

  if (!skipBuild) {
    await build({ configFile: 'portal/vite.config.ts', logLevel: 'warn' });
    console.log('Portal          built into dist/portal');
  }

  const secretsKey = await devSecretsKey();
  const portalUrl = `http://localhost:${port}`;
  const wrangler = spawn(
    'npx',
    [
      'wrangler', 'dev',
      '--port', String(port),
      '--ip', '127.0.0.1',
      '--var', `TURSO_DATABASE_URL:${db.url}`,
      '--var', 'APP_ENV:development',
      '--var', `PORTAL_URL:${portalUrl}`,
      '--var', `SECRETS_KEY:${secretsKey}`,
      '--var', `DB_TRACE:${process.env.DB_TRACE ?? '0'}`,
      '--show-interactive-dev-session=false',
      '--log-level', process.env.WRANGLER_LOG ?? 'warn',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, detached: true },
  );

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    killGroup(wrangler);
    await db.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  wrangler.on('exit', (code) => {
    if (!stopping) {
      console.error(`wrangler dev exited (${code})`);
      void stop(code ?? 1);
    }
  });

  await waitForHealth(`${portalUrl}/api/v1/health`);
  console.log(`
Partner portal  ${portalUrl}
API docs        ${portalUrl}/api/docs

Demo sign-ins (password: ${DEMO_PASSWORD})
${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(26)} ${a.role.replace('_', ' ')}${a.partner ? `, ${a.partner}` : ''}`).join('\n')}

Press Ctrl-C to stop.`);
}

function killGroup(child: ChildProcess) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
}

/** A per-installation key that encrypts webhook secrets locally; production sets SECRETS_KEY as a secret. */
async function devSecretsKey(): Promise<string> {
  const file = join(dataDir, 'secrets-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    await writeFile(file, key, { mode: 0o600 });
    return key;
  }
}

async function waitForHealth(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000}s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
