import { describe, expect, it } from 'vitest';
import { contentFor, DEFAULT_PREFERENCES, emailMode, recipientsFor, TRIGGERS, type Candidate, type TriggerEvent } from './triggers.ts';
import { EVENT_TYPES } from '../../events/catalog.ts';

const person = (id: string, role: Candidate['role'], partnerId: string | null, prefs: Partial<Candidate['preferences']> = {}): Candidate => ({
  id,
  email: `${id}@x.example`,
  name: id,
  role,
  partnerId,
  preferences: { ...DEFAULT_PREFERENCES, ...prefs },
});

const nick = person('nick', 'partner_rep', 'prt_n');
const alice = person('alice', 'partner_admin', 'prt_n');
const aliceTeam = person('alice', 'partner_admin', 'prt_n', { teamDeals: true });
const otherRep = person('olga', 'partner_rep', 'prt_n');
const carol = person('carol', 'partner_admin', 'prt_c');
const morgan = person('morgan', 'manager', null);
const max = person('max', 'manager', null);
const ada = person('ada', 'admin', null);
const everyone = [nick, alice, otherRep, carol, morgan, max, ada];

const event = (type: string, over: Partial<TriggerEvent> = {}): TriggerEvent => ({
  id: 'evt_1',
  type,
  partnerId: 'prt_n',
  subjectType: 'deal',
  subjectId: 'dl_1',
  data: { customerName: 'Acme', createdBy: 'nick', partner: { id: 'prt_n', name: 'Northwind' } },
  partnerOwnerId: null,
  ...over,
});
const ids = (cs: Candidate[]) => cs.map((c) => c.id).sort();

describe('notification triggers', () => {
  it('sends deal decisions to the registering user, and to partner admins only by preference', () => {
    for (const type of ['deal.approved', 'deal.rejected', 'deal.info_requested', 'deal.expiring', 'deal.expired']) {
      expect(ids(recipientsFor(event(type), everyone))).toEqual(['nick']);
      expect(ids(recipientsFor(event(type), [nick, aliceTeam, otherRep, carol]))).toEqual(['alice', 'nick']);
    }
  });

  it('never notifies a user of another partner, even one named as creator', () => {
    expect(recipientsFor(event('deal.approved', { data: { createdBy: 'carol' } }), everyone)).toEqual([]);
  });

  it('sends registrations, resubmissions and extension requests to the owning manager, or every manager without one', () => {
    for (const type of ['deal.registered', 'deal.resubmitted', 'deal.extension_requested']) {
      expect(ids(recipientsFor(event(type, { partnerOwnerId: 'ada' }), everyone))).toEqual(['ada']);
      expect(ids(recipientsFor(event(type), everyone))).toEqual(['max', 'morgan']);
      // An owner who is no longer active staff (not among the candidates) falls back to all managers.
      expect(ids(recipientsFor(event(type, { partnerOwnerId: 'gone' }), everyone))).toEqual(['max', 'morgan']);
    }
  });

  it('sends certification events to the holder and the partner admins, tier proposals to managers', () => {
    const cert = event('certification.verified', { subjectType: 'certification', data: { userId: 'olga', programName: 'Platform Associate' } });
    expect(ids(recipientsFor(cert, everyone))).toEqual(['alice', 'olga']);
    expect(contentFor(cert)!.title).toBe('Certification verified: Platform Associate');
    expect(ids(recipientsFor(event('partner.tier_change_proposed', { subjectType: 'partner' }), everyone))).toEqual(['max', 'morgan']);
  });

  it('ignores event types without a trigger, and has a trigger only for known or announced types', () => {
    expect(recipientsFor(event('deal.won'), everyone)).toEqual([]);
    const announced = ['certification.verified', 'certification.rejected', 'certification.expiring', 'partner.tier_change_proposed'];
    const unknown = Object.keys(TRIGGERS).filter((t) => !(EVENT_TYPES as readonly string[]).includes(t) && !announced.includes(t));
    expect(unknown).toEqual([]);
  });

  it('words a deal notification with the customer and links to the deal', () => {
    const c = contentFor(event('deal.rejected', { data: { customerName: 'Acme', decisionReason: 'Duplicate' } }))!;
    expect(c).toEqual({ title: 'Registration rejected: Acme', body: 'Your registration for Acme was rejected. Reason: Duplicate', link: '/deals/dl_1' });
  });

  it('emails now, in the digest (staff who chose it), or not at all (type switched off)', () => {
    expect(emailMode('deal.approved', nick)).toBe('now');
    expect(emailMode('deal.approved', person('n', 'partner_rep', 'p', { emailOff: ['deal.approved'] }))).toBe('off');
    expect(emailMode('deal.registered', person('m', 'manager', null, { dailyDigest: true }))).toBe('digest');
    expect(emailMode('deal.approved', person('n', 'partner_rep', 'p', { dailyDigest: true }))).toBe('now');
  });
});
