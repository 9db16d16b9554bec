/**
 * "1 deal", "2 deals", "1 business day": a count with its noun in the right number, for any
 * text the server writes for people. `many` for irregular plurals.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
