import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** A throwaway tree laid out like the repo, with one import of each kind. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'boundaries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const dir = fixture({
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, noEmit: true } }),
  'worker/lib/problem.ts': 'export const problem = 1;\n',
  'worker/lib/types.ts': 'export interface Env { a: number }\n',
  'worker/resources/things/schemas.ts': 'export const ThingSchema = 1;\n',
  'worker/resources/things/types.ts': 'export type Thing = { id: string };\n',
  'worker/resources/things/routes.ts': "import { thingsQuery } from '../../../db/queries/things.ts';\nexport const routes = thingsQuery;\n",
  'worker/uses-node.ts': "import { createHash } from 'node:crypto';\nexport const h = createHash;\n",
  'worker/uses-portal.ts': "import { page } from '../portal/src/page.ts';\nexport const p = page;\n",
  'db/schema/thing-enums.ts': "export const THING_STATES = ['a'] as const;\n",
  'db/queries/things.ts': "import { problem } from '../../worker/lib/problem.ts';\nexport const thingsQuery = problem;\n",
  'db/queries/typed.ts': "import type { Env } from '../../worker/lib/types.ts';\nexport const typed = (e: Env) => e;\n",
  'portal/src/page.ts': [
    "import type { Env } from '../../worker/lib/types.ts';",
    "import type { Thing } from '../../worker/resources/things/types.ts';",
    "import { ThingSchema } from '../../worker/resources/things/schemas.ts';",
    "import { THING_STATES } from '../../db/schema/thing-enums.ts';",
    "import { problem } from '../../worker/lib/problem.ts';",
    'export const page = [ThingSchema, THING_STATES, problem, {} as Env, {} as Thing];',
    '',
  ].join('\n'),
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import boundaries (.dependency-cruiser.cjs, npm run lint:deps)', () => {
  it('fails on each wrong-way import and only on those', async () => {
    const cli = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const outcome = await run(process.execPath, [cli, '--config', join(repo, '.dependency-cruiser.cjs'), '--output-type', 'err', 'db', 'worker', 'portal/src'], {
      cwd: dir,
    }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    expect(outcome.code).not.toBe(0);
    const violations = outcome.out.split('\n').filter((l) => l.includes(' → ')).map((l) => l.trim()).sort();
    expect(violations).toEqual([
      'error db-not-to-worker: db/queries/things.ts → worker/lib/problem.ts',
      'error db-not-to-worker: db/queries/typed.ts → worker/lib/types.ts',
      'error portal-runtime-from-server: portal/src/page.ts → worker/lib/problem.ts',
      'error portal-runtime-from-server: portal/src/page.ts → worker/resources/things/schemas.ts',
      'error worker-no-runtime-modules: worker/uses-node.ts → crypto',
      'error worker-not-to-portal: worker/uses-portal.ts → portal/src/page.ts',
    ]);
  }, 120_000);
});
