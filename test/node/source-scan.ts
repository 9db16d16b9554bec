import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * For source-rule tests: every file under `dirs` (repo-relative, `/`-separated) that `include`
 * accepts, with the 1-based lines `find` reports in it as `file:line`, and how many files were read.
 */
export async function scanSources(dirs: readonly string[], include: (file: string) => boolean, find: (source: string) => number[]) {
  const offenders: string[] = [];
  let scanned = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(`${ROOT}/${dir}`, { recursive: true })) {
      const file = `${dir}/${entry.split('\\').join('/')}`;
      if (file.includes('node_modules') || !include(file)) continue;
      scanned++;
      for (const line of find(await readFile(`${ROOT}/${file}`, 'utf8'))) offenders.push(`${file}:${line}`);
    }
  }
  return { offenders, scanned };
}
