import { describe, expect, it } from 'vitest';
import { parseHost } from './host-names.ts';

describe('parseHost', () => {
  it('finds the registrable domain under multi-label ICANN suffixes', () => {
    expect(parseHost('https://www.shop.acme.co.uk/x')).toMatchObject({ domain: 'acme.co.uk', publicSuffix: 'co.uk', knownTld: true });
    expect(parseHost('a.b.c.kawasaki.jp').domain).toBe('b.c.kawasaki.jp');
  });

  it('reads private-section names by their ICANN suffix, as the full list does by default', () => {
    expect(parseHost('acme.myshopify.com').domain).toBe('myshopify.com');
  });

  it('knows delegated TLDs, new and IDN ones too, in Unicode and in punycode', () => {
    for (const host of ['acme.zip', 'acme.app', 'пример.рф', 'xn--e1afmkfd.xn--p1ai', 'beispiel.xn--mnchen-3ya.de']) {
      expect(parseHost(host).knownTld, host).toBe(true);
    }
  });

  it('flags internal names and unknown TLDs', () => {
    for (const host of ['crm.internal', 'printer.local', 'acme.notatld', 'single', 'x.xn--notatld00']) {
      expect(parseHost(host).knownTld, host).toBe(false);
    }
  });

  it('has no registrable domain for IPs and bare suffixes', () => {
    expect(parseHost('10.0.0.1')).toMatchObject({ domain: null, isIp: true });
    expect(parseHost('co.uk').domain).toBeNull();
  });
});
