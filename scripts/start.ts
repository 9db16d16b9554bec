/**
 * `npm start`: the whole product on this machine, offline.
 * Creates the database (DATA_DIR, default .data/), applies migrations, seeds the demo program
 * on first run, builds the portal (unless SKIP_BUILD=1), starts the local libSQL server and
 * `wrangler dev` (scripts/stack.ts), prints the URL and demo logins, and stops everything on Ctrl-C.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed/demo.ts';
import { startStack } from './stack.ts';

async function main() {
  const stack = await startStack({
    dataDir: process.env.DATA_DIR ?? '.data',
    port: Number(process.env.PORT ?? 8787),
    dbPort: process.env.DB_PORT ? Number(process.env.DB_PORT) : 0,
    seed: true,
    build: process.env.SKIP_BUILD !== '1',
    quiet: false,
    vars: { DB_TRACE: process.env.DB_TRACE ?? '0' },
  });

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  void stack.exited.then((code) => {
    console.error(`wrangler dev exited (${code})`);
    void stop(code ?? 1);
  });

  console.log(`
Partner portal  ${stack.url}
API docs        ${stack.url}/api/docs

Demo sign-ins (password: ${DEMO_PASSWORD})
${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(26)} ${a.role.replace('_', ' ')}${a.partner ? `, ${a.partner}` : ''}`).join('\n')}

Press Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
