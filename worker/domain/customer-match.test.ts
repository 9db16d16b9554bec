import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conflictsToRecord,
  findConflicts,
  MAX_RECORDED_CONFLICTS,
  jaroWinkler,
  nameKey,
  nameSimilarity,
  nameToken,
  precheck,
  registrableDomain,
  type CandidateDeal,
  type FoundConflict,
} from './customer-match.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

function deal(over: Partial<CandidateDeal>): CandidateDeal {
  return {
    id: 'dl_1',
    partnerId: 'prt_other',
    status: 'submitted',
    expiresAt: null,
    registrableDomain: 'acme.co.uk',
    customerNameKey: 'acme',
    ...over,
  };
}

describe('registrableDomain', () => {
  it('reduces URLs, hosts and emails to the registrable domain', () => {
    for (const input of ['https://www.Shop.Acme.co.uk/x', 'acme.co.uk', 'ACME.CO.UK.', 'buyer@acme.co.uk', ' http://acme.co.uk:8443/?q=1 ']) {
      expect(registrableDomain(input)).toBe('acme.co.uk');
    }
    expect(registrableDomain('bücher.de')).toBe(registrableDomain('xn--bcher-kva.de'));
  });
  it('refuses what has no registrable domain', () => {
    for (const input of ['localhost', '10.0.0.1', 'co.uk', 'acme', 'acme.notatld', 'http://', 'a b.com', '']) {
      expect(registrableDomain(input), input).toBeNull();
    }
  });
});

describe('company name keys', () => {
  it('folds case, punctuation, diacritics and legal suffixes', () => {
    expect(nameKey('Acme Inc.')).toBe('acme');
    expect(nameKey('ACME, LLC')).toBe('acme');
    expect(nameKey('The Ácme Co., Ltd.')).toBe('acme');
    expect(nameKey('Müller GmbH')).toBe('muller');
    expect(nameKey('Société Générale S.A.')).toBe('societe generale');
    expect(nameKey('Acme Pty Ltd')).toBe('acme');
    expect(nameKey('Tom & Jerry BV')).toBe('tom and jerry');
    expect(nameKey("O'Brien Holdings PLC")).toBe('obrien');
  });
  it('keeps a name that is only a legal word', () => {
    expect(nameKey('Company')).toBe('company');
  });
  it('indexes the first significant word', () => {
    expect(nameToken('The Northwind Traders Ltd')).toBe('northwind');
  });
});

describe('similarity', () => {
  it('is 1 for equal strings and symmetric', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(jaroWinkler(a, a)).toBe(1);
      expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 10);
      const s = jaroWinkler(a, b);
      expect(s >= 0 && s <= 1).toBe(true);
    }));
  });
  it('rates typos and spacing as similar, different companies as not', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(nameSimilarity('northwind traders', 'north wind traders')).toBe(1);
    expect(nameSimilarity('contoso retail', 'contosso retail')).toBeGreaterThan(0.9);
    expect(nameSimilarity('contoso retail', 'fabrikam retail')).toBeLessThan(0.9);
  });
});

describe('findConflicts', () => {
  it('flags another partner’s registration of the same domain', () => {
    const found = findConflicts({ registrableDomain: 'acme.co.uk', nameKey: 'acme retail' }, 'prt_me', { deals: [deal({})], customers: [] }, NOW);
    expect(found).toEqual([{ reason: 'same_domain', score: 1, conflictingDealId: 'dl_1', otherPartnerId: 'prt_other', customerId: null }]);
  });
  it('flags a similar name under another domain', () => {
    const found = findConflicts(
      { registrableDomain: 'acme-retail.com', nameKey: 'acme retailer' },
      'prt_me',
      { deals: [deal({ customerNameKey: 'acme retailers' })], customers: [] },
      NOW,
    );
    expect(found[0]).toMatchObject({ reason: 'similar_name' });
  });
  it('calls the same partner’s own registration a duplicate', () => {
    const found = findConflicts({ registrableDomain: 'acme.co.uk', nameKey: 'acme' }, 'prt_other', { deals: [deal({})], customers: [] }, NOW);
    expect(found[0]?.reason).toBe('duplicate');
  });
  it('ignores registrations that no longer protect, and the deal itself', () => {
    const stale = [
      deal({ id: 'a', status: 'rejected' }),
      deal({ id: 'b', status: 'withdrawn' }),
      deal({ id: 'c', status: 'approved', expiresAt: new Date(NOW.getTime() - DAY) }),
      deal({ id: 'self' }),
    ];
    expect(findConflicts({ registrableDomain: 'acme.co.uk', nameKey: 'acme' }, 'prt_me', { deals: stale, customers: [] }, NOW, 'self')).toEqual([]);
    const live = deal({ id: 'd', status: 'approved', expiresAt: new Date(NOW.getTime() + DAY) });
    expect(findConflicts({ registrableDomain: 'acme.co.uk', nameKey: 'acme' }, 'prt_me', { deals: [live], customers: [] }, NOW)).toHaveLength(1);
  });
  it('flags existing customers', () => {
    const found = findConflicts(
      { registrableDomain: 'globex.com', nameKey: 'globex' },
      'prt_me',
      { deals: [], customers: [{ id: 'cus_1', registrableDomain: null, nameKey: 'globex' }] },
      NOW,
    );
    expect(found).toEqual([{ reason: 'existing_customer', score: 1, conflictingDealId: null, otherPartnerId: null, customerId: 'cus_1' }]);
  });
});

describe('precheck', () => {
  const keys = { registrableDomain: 'acme.co.uk', nameKey: null };
  it('is clear without matches', () => {
    expect(precheck(keys, { deals: [], customers: [] }, NOW)).toEqual({ result: 'clear' });
  });
  it('names the protection end of approved registrations, never the partner', () => {
    const until = new Date(NOW.getTime() + 30 * DAY);
    const answer = precheck(keys, { deals: [deal({ status: 'approved', expiresAt: until })], customers: [] }, NOW);
    expect(answer).toEqual({ result: 'protected', protectedUntil: until.toISOString().slice(0, 10) });
    expect(JSON.stringify(answer)).not.toContain('prt_');
  });
  it('pending registrations protect without an end date', () => {
    expect(precheck(keys, { deals: [deal({})], customers: [] }, NOW)).toEqual({ result: 'protected' });
  });
  it("answers own_registration for the asker's company, with the id only when they may open the deal", () => {
    const mine = deal({ status: 'approved', expiresAt: new Date(NOW.getTime() + DAY) });
    const rep = { partnerId: mine.partnerId, userId: 'usr_other', seesCompany: false };
    expect(precheck(keys, { deals: [mine], customers: [] }, NOW, rep)).toEqual({ result: 'own_registration', dealId: null });
    expect(precheck(keys, { deals: [mine], customers: [] }, NOW, { ...rep, seesCompany: true })).toEqual({ result: 'own_registration', dealId: mine.id });
    expect(precheck(keys, { deals: [{ ...mine, createdBy: 'usr_other' }], customers: [] }, NOW, rep)).toEqual({ result: 'own_registration', dealId: mine.id });
    expect(precheck(keys, { deals: [mine], customers: [] }, NOW, { ...rep, partnerId: 'prt_elsewhere' })).toMatchObject({ result: 'protected' });
  });
  it('existing customers win over registrations', () => {
    const answer = precheck(keys, { deals: [deal({})], customers: [{ id: 'c', registrableDomain: 'acme.co.uk', nameKey: 'x' }] }, NOW);
    expect(answer).toEqual({ result: 'existing_customer' });
  });
});

describe('conflictsToRecord', () => {
  const c = (reason: FoundConflict['reason'], score: number, i: number): FoundConflict => ({
    reason, score, conflictingDealId: reason === 'existing_customer' ? null : `dl_${i}`, otherPartnerId: null, customerId: reason === 'existing_customer' ? `cus_${i}` : null,
  });
  it('keeps the most important conflicts first and caps how many are recorded', () => {
    const found = [
      ...Array.from({ length: 40 }, (_, i) => c('duplicate', 1, i)),
      c('similar_name', 0.93, 100),
      c('same_domain', 1, 101),
      c('existing_customer', 1, 102),
    ];
    const kept = conflictsToRecord(found);
    expect(kept).toHaveLength(MAX_RECORDED_CONFLICTS);
    expect(kept.slice(0, 3).map((k) => k.reason)).toEqual(['existing_customer', 'same_domain', 'similar_name']);
  });
});
