import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyDigits, fromMinor, isCurrency, toMinor } from './money.ts';

describe('money', () => {
  it('knows ISO 4217 codes and their minor digits', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('BHD')).toBe(3);
  });

  it('converts exactly and refuses extra decimals', () => {
    expect(toMinor(12.34, 'USD')).toEqual({ ok: true, minor: 1234 });
    expect(toMinor(0.29, 'USD')).toEqual({ ok: true, minor: 29 });
    expect(toMinor(1.005, 'BHD')).toEqual({ ok: true, minor: 1005 });
    expect(toMinor(125000, 'JPY')).toEqual({ ok: true, minor: 125000 });
    expect(toMinor(12.345, 'USD')).toMatchObject({ ok: false, reason: 'too_many_decimals', digits: 2 });
    expect(toMinor(1.5, 'JPY')).toMatchObject({ ok: false, reason: 'too_many_decimals', digits: 0 });
    expect(toMinor(1e300, 'USD')).toMatchObject({ ok: false, reason: 'out_of_range' });
  });

  it('round-trips every cent amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const major = fromMinor(cents, 'EUR');
        expect(toMinor(major, 'EUR')).toEqual({ ok: true, minor: cents });
      }),
    );
  });
});
