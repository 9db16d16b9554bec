import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLibsqlServer } from '../../db/local-server/server.ts';
import { prepareTemplates } from './databases.ts';

/** Starts one local libSQL server for the run; each test file copies a fresh database from a template. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'prm-test-db-'));
  const server = await startLibsqlServer({ dataDir, port: 0 });
  await prepareTemplates(server.url);
  project.provide('dbServerUrl', server.url);
  return async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
