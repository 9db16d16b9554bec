const rules = new Intl.PluralRules();
const numbers = new Intl.NumberFormat();

/** "1 approved deal", "2 approved deals": the browser's plural rules, the number localised. */
export function plural(count: number, one: string, other: string): string {
  return `${numbers.format(count)} ${rules.select(count) === 'one' ? one : other}`;
}
