import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderCountryCodes } from '../../scripts/country-codes-source.ts';
import { COUNTRY_CODES } from '../../db/schema/country-codes.ts';

describe('db/schema/country-codes.ts', () => {
  it('is what the iso-3166 package generates (npm run gen:countries regenerates it)', async () => {
    expect(await readFile(new URL('../../db/schema/country-codes.ts', import.meta.url), 'utf8')).toBe(renderCountryCodes());
  });

  it('holds the alpha-2 codes, not other ISO forms', () => {
    expect(COUNTRY_CODES.size).toBeGreaterThan(240);
    for (const code of ['DE', 'US', 'GB', 'JP', 'BR']) expect(COUNTRY_CODES.has(code), code).toBe(true);
    for (const code of ['UK', 'EU', 'DEU', 'de', 'ZZ']) expect(COUNTRY_CODES.has(code), code).toBe(false);
  });
});
