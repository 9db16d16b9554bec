/** Shared vocabulary of certifications, tiers and onboarding (imported by db/ and worker/). */
export const CERTIFICATION_LEVELS = ['foundation', 'associate', 'professional', 'expert'] as const;
export type CertificationLevel = (typeof CERTIFICATION_LEVELS)[number];

/**
 * `renewed`: a later certificate of the same person and program was verified, which
 * replaces this one (it no longer expires or warns on its own).
 */
export const CERTIFICATION_STATUSES = ['pending', 'verified', 'rejected', 'expired', 'renewed'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

export const TIER_PROPOSAL_STATUSES = ['open', 'approved', 'dismissed', 'withdrawn'] as const;
export type TierProposalStatus = (typeof TIER_PROPOSAL_STATUSES)[number];
