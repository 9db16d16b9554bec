/**
 * Onboarding checklist and "at risk" rules, as plain functions.
 */

export const CHECKLIST_ITEMS = ['agreement_signed', 'users_invited', 'certification_verified', 'deal_registered'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface ChecklistEntry {
  item: ChecklistItem;
  done: boolean;
  /** The day it happened (YYYY-MM-DD), or null. */
  doneOn: string | null;
  /** true: ticked from the data; false: a manager ticks it. */
  automatic: boolean;
}

const day = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString().slice(0, 10));
const earliest = (...values: Array<number | null | undefined>) => {
  const known = values.filter((v): v is number => v !== null && v !== undefined).map(Number);
  return known.length ? Math.min(...known) : null;
};

export function checklist(input: {
  agreementSignedOn: string | null;
  firstInvitationAt: number | null;
  firstUserAt: number | null;
  firstVerifiedAt: number | null;
  firstDealAt: number | null;
}): ChecklistEntry[] {
  const invited = day(earliest(input.firstInvitationAt, input.firstUserAt));
  const verified = day(input.firstVerifiedAt);
  const deal = day(input.firstDealAt);
  return [
    { item: 'agreement_signed', done: input.agreementSignedOn !== null, doneOn: input.agreementSignedOn, automatic: false },
    { item: 'users_invited', done: invited !== null, doneOn: invited, automatic: true },
    { item: 'certification_verified', done: verified !== null, doneOn: verified, automatic: true },
    { item: 'deal_registered', done: deal !== null, doneOn: deal, automatic: true },
  ];
}

export const AT_RISK_REASONS = ['no_registration_90_days', 'certifications_below_tier'] as const;
export type AtRiskReason = (typeof AT_RISK_REASONS)[number];
export const INACTIVITY_DAYS = 90;

/**
 * Why an active partner looks at risk: no registration in the last 90 days, or fewer verified
 * certified people than its current tier needs (certifications lapsing). Only `active`
 * partners are judged: prospects and onboarding partners have not started, inactive ones stopped.
 */
export function atRiskReasons(input: {
  stage: string;
  now: Date;
  lastRegistrationAt: number | null;
  /** The tier's people requirements (any program, per program) and the partner's counts. */
  tierNeedsPeople: number;
  certifiedPeople: number;
  programShortfall: boolean;
}): AtRiskReason[] {
  if (input.stage !== 'active') return [];
  const reasons: AtRiskReason[] = [];
  const since = input.now.getTime() - INACTIVITY_DAYS * 86_400_000;
  if (input.lastRegistrationAt === null || Number(input.lastRegistrationAt) < since) reasons.push('no_registration_90_days');
  if (input.certifiedPeople < input.tierNeedsPeople || input.programShortfall) reasons.push('certifications_below_tier');
  return reasons;
}
