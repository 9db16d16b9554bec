import type { Partner } from '../api/types.ts';
import type { RejectionCode } from '../../../worker/resources/deals/decision-schemas.ts';

/**
 * Display labels for API enums. Typed as Record<union, string> over the schemas' own types,
 * so adding a value to an enum fails the typecheck here until it has a label — and the
 * portal does not bundle zod or Drizzle just to list the values.
 */
export const REJECTION_LABELS: Record<RejectionCode, string> = {
  duplicate: 'Duplicate registration',
  existing_customer: 'Existing customer',
  channel_conflict: 'Channel conflict',
  insufficient_information: 'Insufficient information',
  not_qualified: 'Not qualified',
  other: 'Other',
};

export const PARTNER_TYPE_LABELS: Record<Partner['type'], string> = {
  technology_alliance: 'Technology alliance',
  reseller: 'Reseller',
  system_integrator: 'System integrator',
  oem: 'OEM',
  go_to_market: 'Go-to-market',
  isv: 'ISV',
};

export const STAGE_LABELS: Record<Partner['stage'], string> = {
  prospect: 'Prospect',
  onboarding: 'Onboarding',
  active: 'Active',
  at_risk: 'At risk',
  inactive: 'Inactive',
};

export const entries = <K extends string>(labels: Record<K, string>) => Object.entries(labels) as Array<[K, string]>;
