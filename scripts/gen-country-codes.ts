// Rewrites db/schema/country-codes.ts from the iso-3166 package: `npm run gen:countries`.
// The worker and the portal need only the alpha-2 codes; the package's names, alpha-3 and
// numeric codes would cost the worker bundle ~4 KB gzipped. test/node/country-codes.test.ts
// fails when the file and the package disagree.
import { writeFile } from 'node:fs/promises';
import { renderCountryCodes } from './country-codes-source.ts';

await writeFile(new URL('../db/schema/country-codes.ts', import.meta.url), renderCountryCodes());
