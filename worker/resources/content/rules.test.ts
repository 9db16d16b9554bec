import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, etagFor, eventsFor, formatLimit, isVisibleToPartner, matchesIfNoneMatch, rangeSatisfiable, type Gate } from './rules.ts';

const now = new Date('2026-06-01T12:00:00Z');
const open: Gate = { status: 'published', expiresAt: null, partnerTypes: [], minTierRank: null };
const silverReseller = { type: 'reseller' as const, tierRank: 2 };

describe('isVisibleToPartner', () => {
  it('shows a published, unexpired, ungated asset', () => {
    expect(isVisibleToPartner(open, silverReseller, now)).toBe(true);
  });
  it('hides drafts and archived assets', () => {
    expect(isVisibleToPartner({ ...open, status: 'draft' }, silverReseller, now)).toBe(false);
    expect(isVisibleToPartner({ ...open, status: 'archived' }, silverReseller, now)).toBe(false);
  });
  it('hides an asset from the moment it expires', () => {
    expect(isVisibleToPartner({ ...open, expiresAt: now }, silverReseller, now)).toBe(false);
    expect(isVisibleToPartner({ ...open, expiresAt: new Date(now.getTime() + 1) }, silverReseller, now)).toBe(true);
  });
  it('gates by partner type when types are listed', () => {
    expect(isVisibleToPartner({ ...open, partnerTypes: ['oem'] }, silverReseller, now)).toBe(false);
    expect(isVisibleToPartner({ ...open, partnerTypes: ['oem', 'reseller'] }, silverReseller, now)).toBe(true);
  });
  it('gates by tier rank: equal or higher passes, lower or no tier does not', () => {
    expect(isVisibleToPartner({ ...open, minTierRank: 2 }, silverReseller, now)).toBe(true);
    expect(isVisibleToPartner({ ...open, minTierRank: 3 }, silverReseller, now)).toBe(false);
    expect(isVisibleToPartner({ ...open, minTierRank: 1 }, { type: 'reseller', tierRank: null }, now)).toBe(false);
  });
});

describe('contentDisposition', () => {
  it('quotes an ASCII name as filename', () => {
    expect(contentDisposition('price-list 2026.csv')).toBe('attachment; filename="price-list 2026.csv"');
  });
  it('adds an RFC 8187 filename* for non-ASCII names, with an ASCII fallback', () => {
    expect(contentDisposition('Preisliste Köln.pdf')).toBe(
      `attachment; filename="Preisliste K_ln.pdf"; filename*=UTF-8''Preisliste%20K%C3%B6ln.pdf`,
    );
  });
  it('never lets a quote end the parameter early', () => {
    expect(contentDisposition('a"b.txt')).toMatch(/^attachment; filename="a_b\.txt"; filename\*=UTF-8''a%22b\.txt$/);
  });
});

describe('matchesIfNoneMatch', () => {
  const tag = etagFor('abc');
  it('matches the tag, a list containing it, a weak form and *', () => {
    expect(matchesIfNoneMatch('"abc"', tag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc"', tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
  });
  it('does not match other tags or no header', () => {
    expect(matchesIfNoneMatch('"abd"', tag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
  });
});

describe('cleanFileName and formatLimit', () => {
  it('keeps only the last path segment and drops control characters', () => {
    expect(cleanFileName('C:\\fakepath\\deck\u0007.pdf')).toBe('deck.pdf');
    expect(cleanFileName('../../')).toBe('file');
  });
  it('states the limit in MB and bytes', () => {
    expect(formatLimit(100 * 1024 * 1024)).toBe('100 MB (104857600 bytes)');
    expect(formatLimit(1000)).toBe('1000 bytes');
  });
});

describe('eventsFor', () => {
  it('publishes on the first publication, updates on a new file of a published asset', () => {
    expect(eventsFor(null, { status: 'published' }, true)).toEqual(['content.published']);
    expect(eventsFor({ status: 'draft' }, { status: 'published' }, false)).toEqual(['content.published']);
    expect(eventsFor({ status: 'published' }, { status: 'published' }, true)).toEqual(['content.updated']);
    expect(eventsFor({ status: 'published' }, { status: 'published' }, false)).toEqual([]);
    expect(eventsFor(null, { status: 'draft' }, true)).toEqual([]);
  });
});

describe('rangeSatisfiable', () => {
  it('accepts ranges that start inside the file', () => {
    expect(rangeSatisfiable('bytes=0-99', 100)).toBe(true);
    expect(rangeSatisfiable('bytes=99-', 100)).toBe(true);
    expect(rangeSatisfiable('bytes=50-500', 100)).toBe(true);
    expect(rangeSatisfiable('bytes=-10', 100)).toBe(true);
  });
  it('rejects ranges past the end and empty suffixes', () => {
    expect(rangeSatisfiable('bytes=100-', 100)).toBe(false);
    expect(rangeSatisfiable('bytes=6000-7000', 5000)).toBe(false);
    expect(rangeSatisfiable('bytes=-0', 100)).toBe(false);
    expect(rangeSatisfiable('bytes=9-3', 100)).toBe(false);
  });
});
