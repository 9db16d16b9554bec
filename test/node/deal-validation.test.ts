import { describe, expect, it } from 'vitest';
import { validateDeal } from '../../portal/src/lib/deal-validation.ts';
import '../../worker/lib/zod-messages.ts';
import { DealInputSchema, earliestCloseDate } from '../../worker/resources/deals/schemas.ts';

/**
 * The registration form's hand-written validator (portal/src/lib/deal-validation.ts) and the
 * API's schema must agree, field by field: each sample below replaces one field of an
 * otherwise valid registration and both must call that field valid or invalid alike, with the
 * same message.
 */

const day = 86_400_000;
const dateIn = (days: number) => new Date(Date.parse(earliestCloseDate()) + days * day).toISOString().slice(0, 10);

const valid = {
  customerName: 'Acme Retail Ltd',
  customerDomain: 'acme.co.uk',
  contactName: 'Lee Buyer',
  contactEmail: 'lee@acme.co.uk',
  contactTitle: undefined as string | undefined,
  country: 'DE',
  products: ['prd_platform'],
  estimatedValue: 125_000.5 as number | undefined,
  currency: 'EUR',
  expectedCloseDate: dateIn(30),
  notes: undefined as string | undefined,
};
type Body = typeof valid;

const long = (n: number) => 'x'.repeat(n);

const samples: { [F in keyof Body]: unknown[] } = {
  customerName: ['Acme', ' Acme ', '', '   ', long(200), long(201), ` ${long(200)} `, 'Ünïcødé GmbH'],
  customerDomain: [
    'acme.com', 'ACME.COM', 'https://www.shop.acme.co.uk/path?q=1', 'lee@acme.de', 'xn--bcher-kva.de', 'bücher.de', 'acme.com.',
    'localhost', 'acme', '', '  ', '1.2.3.4', 'http://10.0.0.1/', 'acme..com', '-acme.com', 'acme-.com', 'acme.c', 'acme.123', 'acme com.de',
    `${long(250)}.com`, 'a.b.c.d.example.org', 'acme.com:8080',
  ],
  contactName: ['Lee', '', ' ', long(201)],
  contactEmail: ['lee@acme.com', "o'brien+tag@mail.acme.co.uk", '', 'lee', 'lee@', '@acme.com', 'lee@acme', 'lee..x@acme.com', '.lee@acme.com', 'lee@acme.c', 'lee @acme.com', `${long(250)}@a.com`],
  contactTitle: [undefined, 'CTO', '', long(200), long(201)],
  country: ['DE', 'GB', 'US', 'de', '', 'XX', 'DEU', 'UK'],
  products: [['prd_a'], ['prd_a', 'prd_b'], [], ['prd_a', 'prd_a'], [''], [long(65)], Array.from({ length: 20 }, (_, i) => `p${i}`), Array.from({ length: 21 }, (_, i) => `p${i}`)],
  estimatedValue: [1, 0.01, 125_000.5, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, 0.001, 1e300, undefined],
  currency: ['EUR', 'USD', 'JPY', 'BHD', 'eur', '', 'EURO', 'ABC'],
  expectedCloseDate: [dateIn(0), dateIn(1), dateIn(400), dateIn(-1), dateIn(-400), '', '2030-02-30', '2028-02-29', '2030-13-01', '2030-1-1', 'tomorrow', '2030-01-01T00:00:00Z'],
  notes: [undefined, '', 'Stage 2', long(5000), long(5001)],
};

/** The server's first message for `field`, as the form shows it, or undefined when valid. */
function serverSays(body: Body, field: keyof Body): string | undefined {
  const result = DealInputSchema.safeParse(body);
  if (result.success) return undefined;
  return result.error.issues.find((i) => i.path[0] === field)?.message;
}

// The only intended difference: the public-suffix list (server only) rejects shapes that look like domains.
const SERVER_ONLY = new Set(['co.uk', 'gov.uk', 'acme.notatld', 'www.invalid']);

describe('registration form validator agrees with the API schema', () => {
  it('accepts the valid registration', () => {
    expect(DealInputSchema.safeParse(valid).success).toBe(true);
    expect(validateDeal(valid)).toEqual({});
  });

  for (const [field, values] of Object.entries(samples) as Array<[keyof Body, unknown[]]>) {
    it(`agrees on ${field}`, () => {
      for (const value of values) {
        const body = { ...valid, [field]: value } as Body;
        expect({ value, message: validateDeal(body)[field] }).toEqual({ value, message: serverSays(body, field) });
      }
    });
  }

  it('agrees on the amount against the currency (decimals, size)', () => {
    const cases: Array<[number, string]> = [[12.34, 'USD'], [12.345, 'USD'], [1, 'JPY'], [1.5, 'JPY'], [1.234, 'BHD'], [1.2345, 'BHD'], [1e16, 'EUR'], [1e300, 'JPY']];
    for (const [estimatedValue, currency] of cases) {
      const body = { ...valid, estimatedValue, currency };
      expect({ estimatedValue, currency, message: validateDeal(body).estimatedValue }).toEqual({ estimatedValue, currency, message: serverSays(body, 'estimatedValue') });
    }
  });

  it('leaves the public-suffix check to the server, and only that', () => {
    for (const customerDomain of SERVER_ONLY) {
      const body = { ...valid, customerDomain };
      expect(validateDeal(body).customerDomain, customerDomain).toBeUndefined();
      expect(serverSays(body, 'customerDomain'), customerDomain).toBe("Enter the customer's web domain, e.g. acme.com");
    }
  });
});
