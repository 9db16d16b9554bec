import { describe, expect, it } from 'vitest';
import { newIntegrationToken, parseIntegrationToken } from './tokens.ts';

describe('integration token format', () => {
  it('carries id and scopes readable without a database call', () => {
    const token = newIntegrationToken('tok_1', ['deals:read', 'customers:write']);
    expect(token).toMatch(/^ppt_[\w-]+\.[a-z2-7]{32}$/);
    expect(parseIntegrationToken(token)).toEqual({ id: 'tok_1', scopes: ['deals:read', 'customers:write'] });
  });

  it('refuses other shapes and unknown scopes', () => {
    const head = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '');
    expect(parseIntegrationToken('abc')).toBeNull();
    expect(parseIntegrationToken('ppt_')).toBeNull();
    expect(parseIntegrationToken(`ppt_${head({ id: 'x', scopes: ['admin'] })}.s`)).toBeNull();
    expect(parseIntegrationToken(`ppt_${head({ id: 1, scopes: [] })}.s`)).toBeNull();
    expect(parseIntegrationToken(`ppt_${head({ id: 'x', scopes: [] })}.s.t`)).toBeNull();
    expect(parseIntegrationToken('ppt_%%%.s')).toBeNull();
  });
});
