/**
 * `tsx db/serve.ts`: the local libSQL server on DATA_DIR (default `.data/`) and DB_PORT (default: a
 * free port). Point any libSQL client (`@libsql/client`, drizzle-kit studio) at the printed URL.
 */
import { join } from 'node:path';
import { startLibsqlServer } from './local-server/server.ts';

const dataDir = process.env.DATA_DIR || '.data';
const port = process.env.DB_PORT ? Number(process.env.DB_PORT) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`DB_PORT must be a port number, got ${JSON.stringify(process.env.DB_PORT)}`);
  process.exit(1);
}

const server = await startLibsqlServer({ dataDir, port });
console.log(`libSQL server listening on ${server.url} (database ${join(dataDir, 'local.db')})`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
