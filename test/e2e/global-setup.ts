import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../scripts/stack.ts';

/** One stack per run, on a fresh temporary database with the demo seed. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'prm-e2e-'));
  const stack = await startStack({ dataDir, port: 0, dbPort: 0, seed: true, build: false, quiet: true });
  project.provide('baseUrl', stack.url);
  project.provide('mailDir', stack.mailDir);
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the portal under test, e.g. http://localhost:41234. */
    baseUrl: string;
    /** Where the stack's mail sink writes every sent message as an .eml file. */
    mailDir: string;
  }
}
