import { z } from 'zod';
import { plural } from './plural.ts';

/**
 * Plain-language validation messages for the API and the portal form (zod's defaults read like
 * "Invalid input: expected string, received undefined"). Field-specific messages set in a
 * schema still win; anything not covered here falls back to zod's English text.
 */
export function plainMessages(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Required';
      if (issue.input === null) return 'Must not be empty';
      return `Expected ${article(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Must not be empty' : `At least ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At least ${plural(Number(issue.minimum), 'item')}`;
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `Must be at least ${issue.minimum}` : `Must be more than ${issue.minimum}`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${plural(Number(issue.maximum), 'item')}`;
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `Must be at most ${issue.maximum}` : `Must be less than ${issue.maximum}`;
      return undefined;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'Unknown field' : 'Unknown fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `Must be one of: ${issue.values.map(String).join(', ')}`;
    default:
      return undefined;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

z.config({ customError: plainMessages });
