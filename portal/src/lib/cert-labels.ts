import type { Certification, CertificationProgram, PartnerOnboarding, TierGap, TierProposal } from '../api/types.ts';
import { formatMoney, formatNumber } from './format.ts';

export const CERT_STATUS_LABELS: Record<Certification['status'], string> = {
  pending: 'Pending verification',
  verified: 'Verified',
  rejected: 'Rejected',
  expired: 'Expired',
  renewed: 'Renewed',
};
export const CERT_STATUS_TONES: Record<Certification['status'], 'good' | 'warn' | 'bad' | 'neutral'> = {
  pending: 'warn',
  verified: 'good',
  rejected: 'bad',
  expired: 'bad',
  renewed: 'neutral',
};

export const LEVEL_LABELS: Record<CertificationProgram['level'], string> = {
  foundation: 'Foundation',
  associate: 'Associate',
  professional: 'Professional',
  expert: 'Expert',
};

export const CHECKLIST_LABELS: Record<PartnerOnboarding['checklist'][number]['item'], string> = {
  agreement_signed: 'Partner agreement signed',
  users_invited: 'First users invited',
  certification_verified: 'First certification verified',
  deal_registered: 'First deal registered',
};

export const AT_RISK_LABELS: Record<NonNullable<PartnerOnboarding['atRisk']>['reasons'][number], string> = {
  no_registration_90_days: 'No deal registered in 90 days',
  certifications_below_tier: 'Certifications lapsed below what the tier needs',
};

export const PROPOSAL_STATUS_LABELS: Record<TierProposal['status'], string> = { open: 'Open', approved: 'Approved', dismissed: 'Dismissed', withdrawn: 'Withdrawn' };

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** "2 more certified people", "$40,000.00 more won revenue" … */
export function gapText(g: TierGap): string {
  switch (g.requirement) {
    case 'certifiedPeople':
      return `${plural(g.missing, 'more certified person', 'more certified people')}`;
    case 'programCertified':
      return `${plural(g.missing, 'more person', 'more people')} certified in ${g.programName ?? 'the program'}`;
    case 'wonRevenue':
      return `${formatMoney(g.missing, g.currency ?? 'USD')} more won revenue (last 12 months)`;
    case 'wonDeals':
      return `${plural(g.missing, 'more won deal', 'more won deals')} (last 12 months)`;
  }
}

/** The requirement's name for a progress bar. */
export function requirementLabel(g: TierGap): string {
  switch (g.requirement) {
    case 'certifiedPeople':
      return 'Certified people';
    case 'programCertified':
      return `Certified in ${g.programName ?? 'program'}`;
    case 'wonRevenue':
      return `Won revenue, last 12 months (${g.currency})`;
    case 'wonDeals':
      return 'Won deals, last 12 months';
  }
}

export const gapValue = (g: TierGap, v: number) => (g.requirement === 'wonRevenue' ? formatMoney(v, g.currency ?? 'USD') : formatNumber(v));
