import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateTier, meetsTier, proposedChange, requirementStatus, type PartnerFacts, type TierRequirements } from './engine.ts';

const tier = (rank: number, req: Partial<TierRequirements> = {}): TierRequirements => ({
  id: `tier_${rank}`,
  name: `Tier ${rank}`,
  rank,
  requiredCertifiedPeople: 0,
  requiredRevenueMinor: 0,
  requiredRevenueCurrency: 'USD',
  requiredWonDeals: 0,
  programRequirements: [],
  ...req,
});
const facts = (f: Partial<PartnerFacts> = {}): PartnerFacts => ({ certifiedPeople: 0, certifiedByProgram: {}, wonRevenue: [], wonDeals: 0, ...f });

const TIERS = [
  tier(1),
  tier(2, { requiredCertifiedPeople: 1, requiredRevenueMinor: 5_000_000, requiredWonDeals: 1 }),
  tier(3, { requiredCertifiedPeople: 2, requiredRevenueMinor: 15_000_000, requiredWonDeals: 3, programRequirements: [{ programId: 'pgm_a', programName: 'Sales A', people: 1 }] }),
];

describe('evaluateTier', () => {
  it('qualifies for the lowest tier without requirements and names the gaps to the next', () => {
    const r = evaluateTier(TIERS, facts());
    expect(r.qualifiesFor?.id).toBe('tier_1');
    expect(r.next?.id).toBe('tier_2');
    expect(r.gaps).toEqual([
      { requirement: 'certifiedPeople', have: 0, need: 1, missing: 1 },
      { requirement: 'wonRevenue', currency: 'USD', have: 0, need: 50000, missing: 50000 },
      { requirement: 'wonDeals', have: 0, need: 1, missing: 1 },
    ]);
  });

  it('qualifies exactly at every threshold', () => {
    const atGold = facts({ certifiedPeople: 2, certifiedByProgram: { pgm_a: 1 }, wonRevenue: [{ currency: 'USD', minor: 15_000_000 }], wonDeals: 3 });
    const r = evaluateTier(TIERS, atGold);
    expect(r.qualifiesFor?.id).toBe('tier_3');
    expect(r.next).toBeNull();
    expect(r.gaps).toEqual([]);
  });

  it('one unit below any single threshold keeps the partner one tier lower, with exactly that gap', () => {
    const atGold = { certifiedPeople: 2, certifiedByProgram: { pgm_a: 1 }, wonRevenue: [{ currency: 'USD', minor: 15_000_000 }], wonDeals: 3 };
    const cases: Array<[Partial<PartnerFacts>, object]> = [
      [{ certifiedPeople: 1 }, { requirement: 'certifiedPeople', have: 1, need: 2, missing: 1 }],
      [{ certifiedByProgram: { pgm_a: 0 } }, { requirement: 'programCertified', programId: 'pgm_a', programName: 'Sales A', have: 0, need: 1, missing: 1 }],
      [{ wonRevenue: [{ currency: 'USD', minor: 14_999_999 }] }, { requirement: 'wonRevenue', currency: 'USD', have: 149999.99, need: 150000, missing: 0.01 }],
      [{ wonDeals: 2 }, { requirement: 'wonDeals', have: 2, need: 3, missing: 1 }],
    ];
    for (const [change, gap] of cases) {
      const r = evaluateTier(TIERS, facts({ ...atGold, ...change }));
      expect(r.qualifiesFor?.id).toBe('tier_2');
      expect(r.gaps).toEqual([gap]);
    }
  });

  it('counts revenue only in the tier currency: other currencies are never converted', () => {
    const r = evaluateTier(TIERS, facts({ certifiedPeople: 5, wonDeals: 9, wonRevenue: [{ currency: 'EUR', minor: 99_000_000 }, { currency: 'USD', minor: 4_999_999 }] }));
    expect(r.qualifiesFor?.id).toBe('tier_1');
    expect(r.gaps).toEqual([{ requirement: 'wonRevenue', currency: 'USD', have: 49999.99, need: 50000, missing: 0.01 }]);
  });

  it('uses the currency minor digits (JPY has none, BHD three)', () => {
    const yen = [tier(1, { requiredRevenueMinor: 1_000_000, requiredRevenueCurrency: 'JPY' })];
    expect(evaluateTier(yen, facts({ wonRevenue: [{ currency: 'JPY', minor: 999_999 }] })).gaps).toEqual([
      { requirement: 'wonRevenue', currency: 'JPY', have: 999_999, need: 1_000_000, missing: 1 },
    ]);
    const bhd = [tier(1, { requiredRevenueMinor: 1_000, requiredRevenueCurrency: 'BHD' })];
    expect(evaluateTier(bhd, facts({ wonRevenue: [{ currency: 'BHD', minor: 999 }] })).gaps[0]).toMatchObject({ have: 0.999, need: 1, missing: 0.001 });
  });

  it('qualifies for no tier when even the lowest has unmet requirements', () => {
    const r = evaluateTier([tier(1, { requiredWonDeals: 1 })], facts());
    expect(r.qualifiesFor).toBeNull();
    expect(r.next?.id).toBe('tier_1');
    expect(r.gaps).toEqual([{ requirement: 'wonDeals', have: 0, need: 1, missing: 1 }]);
  });

  it('orders tiers by rank whatever the input order', () => {
    const r = evaluateTier([...TIERS].reverse(), facts({ certifiedPeople: 1, wonRevenue: [{ currency: 'USD', minor: 5_000_000 }], wonDeals: 1 }));
    expect(r.qualifiesFor?.id).toBe('tier_2');
    expect(r.next?.id).toBe('tier_3');
  });

  it('a program requirement counts holders of that program only', () => {
    const t = tier(1, { programRequirements: [{ programId: 'pgm_a', programName: 'A', people: 2 }] });
    expect(meetsTier(t, facts({ certifiedPeople: 5, certifiedByProgram: { pgm_b: 5, pgm_a: 1 } }))).toBe(false);
    expect(meetsTier(t, facts({ certifiedPeople: 2, certifiedByProgram: { pgm_a: 2 } }))).toBe(true);
  });
});

const arbFacts = fc.record({
  certifiedPeople: fc.nat(10),
  certifiedByProgram: fc.record({ pgm_a: fc.nat(5), pgm_b: fc.nat(5) }),
  wonRevenue: fc.uniqueArray(fc.record({ currency: fc.constantFrom('USD', 'EUR', 'JPY'), minor: fc.nat(50_000_000) }), { selector: (r) => r.currency }),
  wonDeals: fc.nat(10),
});
const arbTier = (rank: number) =>
  fc.record({
    requiredCertifiedPeople: fc.nat(6),
    requiredRevenueMinor: fc.nat(40_000_000),
    requiredRevenueCurrency: fc.constantFrom('USD', 'EUR', 'JPY'),
    requiredWonDeals: fc.nat(6),
    programRequirements: fc.subarray([{ programId: 'pgm_a', programName: 'A', people: 2 }, { programId: 'pgm_b', programName: 'B', people: 1 }]),
  }).map((r) => tier(rank, r));
const arbTiers = fc.tuple(arbTier(1), arbTier(2), arbTier(3));

describe('tier engine properties', () => {
  it('the tier it qualifies for meets every requirement, and every higher tier misses at least one', () => {
    fc.assert(
      fc.property(arbTiers, arbFacts, (tiers, f) => {
        const r = evaluateTier(tiers, f);
        if (r.qualifiesFor) expect(meetsTier(r.qualifiesFor, f)).toBe(true);
        for (const t of tiers) if (t.rank > (r.qualifiesFor?.rank ?? 0)) expect(meetsTier(t, f)).toBe(false);
      }),
    );
  });

  it('closing exactly the reported gaps qualifies for the next tier', () => {
    fc.assert(
      fc.property(arbTiers, arbFacts, (tiers, f) => {
        const r = evaluateTier(tiers, f);
        if (!r.next) return;
        const closed: PartnerFacts = { ...f, certifiedByProgram: { ...f.certifiedByProgram }, wonRevenue: [...f.wonRevenue] };
        for (const g of r.gaps) {
          if (g.requirement === 'certifiedPeople') closed.certifiedPeople = g.need;
          if (g.requirement === 'wonDeals') closed.wonDeals = g.need;
          if (g.requirement === 'programCertified') closed.certifiedByProgram = { ...closed.certifiedByProgram, [g.programId!]: g.need };
          if (g.requirement === 'wonRevenue') closed.wonRevenue = [...closed.wonRevenue.filter((m) => m.currency !== g.currency), { currency: g.currency!, minor: r.next.requiredRevenueMinor }];
        }
        expect(meetsTier(r.next, closed)).toBe(true);
      }),
    );
  });

  it('more of any fact never lowers the tier (monotone)', () => {
    fc.assert(
      fc.property(arbTiers, arbFacts, fc.constantFrom('certifiedPeople', 'wonDeals', 'pgm_a', 'USD'), fc.integer({ min: 1, max: 20_000_000 }), (tiers, f, what, more) => {
        const before = evaluateTier(tiers, f).qualifiesFor?.rank ?? 0;
        const byProgram: Record<string, number> = { ...f.certifiedByProgram };
        const g: PartnerFacts = { ...f, certifiedByProgram: byProgram };
        if (what === 'certifiedPeople') g.certifiedPeople += more % 5;
        else if (what === 'wonDeals') g.wonDeals += more % 5;
        else if (what === 'pgm_a') byProgram.pgm_a = (byProgram.pgm_a ?? 0) + (more % 5);
        else g.wonRevenue = [...f.wonRevenue.filter((m) => m.currency !== 'USD'), { currency: 'USD', minor: (f.wonRevenue.find((m) => m.currency === 'USD')?.minor ?? 0) + more }];
        expect(evaluateTier(tiers, g).qualifiesFor?.rank ?? 0).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('revenue in a currency other than the tier currency never changes the outcome', () => {
    fc.assert(
      fc.property(arbTiers, arbFacts, fc.nat(1_000_000_000), (tiers, f, extra) => {
        const usdOnly = tiers.map((t) => ({ ...t, requiredRevenueCurrency: 'USD' }));
        const withGbp: PartnerFacts = { ...f, wonRevenue: [...f.wonRevenue, { currency: 'GBP', minor: extra }] };
        expect(evaluateTier(usdOnly, withGbp)).toEqual(evaluateTier(usdOnly, f));
      }),
    );
  });

  it('every gap is positive and equals need − have', () => {
    fc.assert(
      fc.property(arbTiers, arbFacts, (tiers, f) => {
        for (const g of evaluateTier(tiers, f).gaps) {
          expect(g.missing).toBeGreaterThan(0);
          expect(g.missing).toBeCloseTo(g.need - g.have, 6);
        }
        for (const t of tiers) for (const row of requirementStatus(t, f)) expect(row.met).toBe(row.missing === 0);
      }),
    );
  });
});

describe('proposedChange', () => {
  it('proposes an upgrade, a downgrade or nothing', () => {
    const t1 = { id: 'a', rank: 1 };
    const t2 = { id: 'b', rank: 2 };
    expect(proposedChange(t1, t2)).toBe('upgrade');
    expect(proposedChange(t2, t1)).toBe('downgrade');
    expect(proposedChange(t2, t2)).toBeNull();
    expect(proposedChange(null, t1)).toBe('upgrade');
    expect(proposedChange(t1, null)).toBe('downgrade');
    expect(proposedChange(null, null)).toBeNull();
  });
});
