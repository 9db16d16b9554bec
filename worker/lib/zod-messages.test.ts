import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zod-messages.ts';

const messageOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues[0]!.message;
};

describe('plain validation messages', () => {
  it('says Required for a missing field', () => {
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('Required');
  });
  it('names the expected type', () => {
    expect(messageOf(z.number(), 'x')).toBe('Expected a number');
    expect(messageOf(z.object({ a: z.string() }), { a: 1 })).toBe('Expected a string');
  });
  it('states bounds in words', () => {
    expect(messageOf(z.number().int().min(1), 0)).toBe('Must be at least 1');
    expect(messageOf(z.string().min(1), '')).toBe('Must not be empty');
    expect(messageOf(z.string().max(3), 'abcd')).toBe('At most 3 characters');
  });
  it('lists unknown fields and allowed values', () => {
    expect(messageOf(z.strictObject({}), { extra: 1 })).toBe('Unknown field: extra');
    expect(messageOf(z.enum(['won', 'lost']), 'open')).toBe('Must be one of: won, lost');
  });
  it('keeps messages a schema sets itself', () => {
    expect(messageOf(z.array(z.string()).min(1, 'Pick at least one product'), [])).toBe('Pick at least one product');
  });
});
