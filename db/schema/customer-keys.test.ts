import { describe, expect, it } from 'vitest';
import { nameKey, nameToken, nameTokens, registrableDomain } from './customer-keys.ts';

describe('customer keys, memoised per isolate', () => {
  it('derive the same domain on every call, past the memo bound too', () => {
    for (let round = 0; round < 2; round++) {
      expect(registrableDomain('https://www.Shop.Acme.co.uk/x')).toBe('acme.co.uk');
      expect(registrableDomain('not a domain')).toBeNull();
      for (let i = 0; i < 600; i++) expect(registrableDomain(`host${i}.example.com`)).toBe('example.com');
    }
  });

  it('hand out a fresh token list: changing one does not change the keys of the next call', () => {
    const tokens = nameTokens('The Ácme Co., Ltd.');
    expect(tokens).toEqual(['acme']);
    tokens.push('mutated');
    expect(nameKey('The Ácme Co., Ltd.')).toBe('acme');
    expect(nameToken('Globex Widgets GmbH')).toBe('globex');
    expect(nameKey('Globex Widgets GmbH')).toBe('globex widgets');
    expect(nameKey('The Ácme Co., Ltd.')).toBe('acme');
  });

  it("join a word across a straight or a curly apostrophe", () => {
    expect(nameKey('O’Brien Consulting')).toBe(nameKey("O'Brien Consulting"));
    expect(nameToken('O’Brien Consulting')).toBe('obrien');
  });
});
