import { describe, expect, it } from 'vitest';
import { atRiskReasons, checklist } from './onboarding.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-30T03:00:00.000Z');

describe('onboarding checklist', () => {
  it('ticks data-derived items from the earliest event and the agreement from the manager', () => {
    const items = checklist({ agreementSignedOn: null, firstInvitationAt: NOW.getTime() - 3 * DAY, firstUserAt: NOW.getTime() - 10 * DAY, firstVerifiedAt: null, firstDealAt: NOW.getTime() });
    expect(items).toEqual([
      { item: 'agreement_signed', done: false, doneOn: null, automatic: false },
      { item: 'users_invited', done: true, doneOn: '2026-06-20', automatic: true },
      { item: 'certification_verified', done: false, doneOn: null, automatic: true },
      { item: 'deal_registered', done: true, doneOn: '2026-06-30', automatic: true },
    ]);
    expect(checklist({ agreementSignedOn: '2026-01-05', firstInvitationAt: null, firstUserAt: null, firstVerifiedAt: null, firstDealAt: null })[0]).toMatchObject({ done: true, doneOn: '2026-01-05' });
  });
});

describe('at risk', () => {
  const base = { stage: 'active', now: NOW, lastRegistrationAt: NOW.getTime() - 10 * DAY, tierNeedsPeople: 2, certifiedPeople: 2, programShortfall: false };
  it('is not at risk with a recent registration and enough certified people', () => {
    expect(atRiskReasons(base)).toEqual([]);
  });
  it('flags no registration in 90 days (exactly 90 days ago still counts as recent)', () => {
    expect(atRiskReasons({ ...base, lastRegistrationAt: NOW.getTime() - 90 * DAY })).toEqual([]);
    expect(atRiskReasons({ ...base, lastRegistrationAt: NOW.getTime() - 90 * DAY - 1 })).toEqual(['no_registration_90_days']);
    expect(atRiskReasons({ ...base, lastRegistrationAt: null })).toEqual(['no_registration_90_days']);
  });
  it('flags certifications lapsing below the tier need, overall or per program', () => {
    expect(atRiskReasons({ ...base, certifiedPeople: 1 })).toEqual(['certifications_below_tier']);
    expect(atRiskReasons({ ...base, programShortfall: true })).toEqual(['certifications_below_tier']);
  });
  it('judges active partners only', () => {
    expect(atRiskReasons({ ...base, stage: 'onboarding', lastRegistrationAt: null, certifiedPeople: 0 })).toEqual([]);
  });
});
