import { iso31661 } from 'iso-3166';

/** The text of db/schema/country-codes.ts: every ISO 3166-1 alpha-2 code, sorted. */
export function renderCountryCodes(): string {
  const codes = iso31661.map((c) => c.alpha2).sort();
  const lines: string[] = [];
  for (let i = 0; i < codes.length; i += 20) lines.push(`  ${codes.slice(i, i + 20).map((c) => `'${c}'`).join(', ')},`);
  return `// Generated from the iso-3166 package by \`npm run gen:countries\` (scripts/gen-country-codes.ts). Do not edit.

/** ISO 3166-1 alpha-2 country codes (${codes.length}). Names come from Intl.DisplayNames where shown. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set([
${lines.join('\n')}
]);
`;
}
