import type { Role } from '../../../db/schema/users.ts';

/**
 * Which event notifies whom, with what words. Plain data and functions: the fan-out
 * (fan-out.ts) reads the outbox events and the candidate users, asks `recipientsFor` and
 * `contentFor`, and writes notifications and mail. Keyed by event-type string: entries for
 * events another part of the program adds later (certifications, tiers) activate as soon as
 * those events are emitted.
 */

export interface TriggerEvent {
  id: string;
  type: string;
  partnerId: string | null;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  /** partners.owner_id of the event's partner. */
  partnerOwnerId: string | null;
}

export interface Preferences {
  /** Notification types whose email is off (in-app is always on). */
  emailOff: readonly string[];
  /** Partner admins: also notified of colleagues' deals. */
  teamDeals: boolean;
  /** Staff: a daily digest instead of one email each. */
  dailyDigest: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { emailOff: [], teamDeals: false, dailyDigest: false };

export interface Candidate {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  preferences: Preferences;
}

type Audience = 'deal_partner' | 'owning_manager' | 'holder_and_admins' | 'managers';

interface Trigger {
  audience: Audience;
  /** Title and one-paragraph body, from the event's data. */
  content: (e: TriggerEvent) => { title: string; body: string };
  link: (e: TriggerEvent) => string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const customer = (e: TriggerEvent) => str(e.data.customerName) ?? 'a customer';
const partnerName = (e: TriggerEvent) => str(obj(e.data.partner).name) ?? str(e.data.partnerName) ?? 'A partner';
const day = (v: unknown) => (str(v) ? new Date(str(v)!).toISOString().slice(0, 10) : undefined);
const reason = (e: TriggerEvent) => (str(e.data.decisionReason) ? ` Reason: ${str(e.data.decisionReason)}` : '');
const dealLink = (e: TriggerEvent) => `/deals/${e.subjectId}`;
const programName = (e: TriggerEvent) => str(e.data.programName) ?? str(obj(e.data.program).name) ?? str(obj(e.data.certification).programName) ?? 'A certification';

/** The notification types a person can switch email off for, by audience. */
export const PARTNER_TYPES_LIST = [
  'deal.approved',
  'deal.rejected',
  'deal.info_requested',
  'deal.expiring',
  'deal.expired',
  'certification.verified',
  'certification.rejected',
  'certification.expiring',
] as const;
export const STAFF_TYPES_LIST = ['deal.registered', 'deal.resubmitted', 'deal.extension_requested', 'deal.sla_due', 'partner.tier_change_proposed'] as const;

/** Short labels for the preferences page. */
export const TYPE_LABELS: Record<string, string> = {
  'deal.approved': 'A registration is approved',
  'deal.rejected': 'A registration is rejected',
  'deal.info_requested': 'A manager asks for more information',
  'deal.expiring': 'Protection ends within 14 days',
  'deal.expired': 'Protection ended',
  'certification.verified': 'A certification is verified',
  'certification.rejected': 'A certification is rejected',
  'certification.expiring': 'A certification expires soon',
  'deal.registered': 'A partner registers a deal',
  'deal.resubmitted': 'A partner answers an information request',
  'deal.extension_requested': 'A partner asks for an extension',
  'deal.sla_due': 'A registration is about to miss the approval SLA',
  'partner.tier_change_proposed': 'A tier change is proposed',
};

export const TRIGGERS: Record<string, Trigger> = {
  'deal.approved': {
    audience: 'deal_partner',
    content: (e) => ({
      title: `Registration approved: ${customer(e)}`,
      body: `Your registration for ${customer(e)} was approved.${day(e.data.expiresAt) ? ` The customer is protected until ${day(e.data.expiresAt)}.` : ''}${reason(e)}`,
    }),
    link: dealLink,
  },
  'deal.rejected': {
    audience: 'deal_partner',
    content: (e) => ({ title: `Registration rejected: ${customer(e)}`, body: `Your registration for ${customer(e)} was rejected.${reason(e)}` }),
    link: dealLink,
  },
  'deal.info_requested': {
    audience: 'deal_partner',
    content: (e) => ({
      title: `More information needed: ${customer(e)}`,
      body: `A partner manager asked for more information about your registration for ${customer(e)}.${reason(e)} Answer on the deal's page to resubmit it.`,
    }),
    link: dealLink,
  },
  'deal.expiring': {
    audience: 'deal_partner',
    content: (e) => ({
      title: `Protection ends soon: ${customer(e)}`,
      body: `The protection of your registration for ${customer(e)} ends${day(e.data.expiresAt) ? ` on ${day(e.data.expiresAt)}` : ' within 14 days'}. Ask for an extension if the deal is still open.`,
    }),
    link: dealLink,
  },
  'deal.expired': {
    audience: 'deal_partner',
    content: (e) => ({ title: `Protection ended: ${customer(e)}`, body: `The protection period of your registration for ${customer(e)} ended.` }),
    link: dealLink,
  },
  'deal.registered': {
    audience: 'owning_manager',
    content: (e) => ({ title: `New registration: ${customer(e)}`, body: `${partnerName(e)} registered a deal for ${customer(e)}. It is waiting in the approval queue.` }),
    link: dealLink,
  },
  'deal.resubmitted': {
    audience: 'owning_manager',
    content: (e) => ({ title: `Resubmitted: ${customer(e)}`, body: `${partnerName(e)} answered your information request about ${customer(e)}.` }),
    link: dealLink,
  },
  'deal.extension_requested': {
    audience: 'owning_manager',
    content: (e) => ({
      title: `Extension requested: ${customer(e)}`,
      body: `${partnerName(e)} asked to extend the protection of ${customer(e)}.${str(e.data.extensionReason) ? ` Reason: ${str(e.data.extensionReason)}` : ''}`,
    }),
    link: dealLink,
  },
  // Added by the certifications work (branch certs); typed as strings so they wait for it.
  'certification.verified': {
    audience: 'holder_and_admins',
    content: (e) => ({ title: `Certification verified: ${programName(e)}`, body: `${programName(e)} of ${holderName(e)} was verified by a partner manager.` }),
    link: () => '/certifications',
  },
  'certification.rejected': {
    audience: 'holder_and_admins',
    content: (e) => ({ title: `Certification rejected: ${programName(e)}`, body: `${programName(e)} of ${holderName(e)} was not verified.${reason(e)}` }),
    link: () => '/certifications',
  },
  'certification.expiring': {
    audience: 'holder_and_admins',
    content: (e) => ({ title: `Certification expires soon: ${programName(e)}`, body: `${programName(e)} of ${holderName(e)} expires${day(e.data.expiresAt) ? ` on ${day(e.data.expiresAt)}` : ' soon'}.` }),
    link: () => '/certifications',
  },
  'partner.tier_change_proposed': {
    audience: 'managers',
    content: (e) => ({
      title: `Tier change proposed: ${partnerName(e)}`,
      body: `${partnerName(e)} qualifies for a different tier${str(e.data.proposedTierName) ? ` (${str(e.data.proposedTierName)})` : ''}. Review it on the partner's page.`,
    }),
    link: (e) => `/partners${e.partnerId ? `?partner=${e.partnerId}` : ''}`,
  },
};

function holderName(e: TriggerEvent): string {
  return str(obj(e.data.user).name) ?? str(e.data.userName) ?? str(e.data.holderName) ?? 'a colleague';
}

/** The certification holder's user id, wherever the event's data carries it. */
function holderId(e: TriggerEvent): string | undefined {
  return str(e.data.userId) ?? str(e.data.holderId) ?? str(obj(e.data.user).id) ?? str(obj(e.data.certification).userId);
}

/** The managers a partner's events go to: its owning manager, or every manager when it has none. */
export function owningManagers(ownerId: string | null, candidates: readonly Candidate[]): Candidate[] {
  const owner = ownerId ? candidates.find((c) => c.id === ownerId && (c.role === 'manager' || c.role === 'admin')) : undefined;
  return owner ? [owner] : candidates.filter((c) => c.role === 'manager');
}

/** Who an event notifies (each person once). */
export function recipientsFor(e: TriggerEvent, candidates: readonly Candidate[]): Candidate[] {
  const trigger = TRIGGERS[e.type];
  if (!trigger) return [];
  const ofPartner = (c: Candidate) => e.partnerId !== null && c.partnerId === e.partnerId;
  let out: Candidate[];
  switch (trigger.audience) {
    case 'deal_partner': {
      const creator = str(e.data.createdBy);
      out = candidates.filter((c) => ofPartner(c) && (c.id === creator || (c.role === 'partner_admin' && c.preferences.teamDeals)));
      break;
    }
    case 'holder_and_admins': {
      const holder = holderId(e);
      out = candidates.filter((c) => ofPartner(c) && (c.id === holder || c.role === 'partner_admin'));
      break;
    }
    case 'owning_manager':
      out = owningManagers(e.partnerOwnerId, candidates);
      break;
    case 'managers':
      out = candidates.filter((c) => c.role === 'manager');
      break;
  }
  return [...new Map(out.map((c) => [c.id, c])).values()];
}

export function contentFor(e: TriggerEvent): { title: string; body: string; link: string } | null {
  const trigger = TRIGGERS[e.type];
  return trigger ? { ...trigger.content(e), link: trigger.link(e) } : null;
}

/** How a notification reaches someone by email: now, in their daily digest, or not at all. */
export function emailMode(type: string, c: Candidate): 'now' | 'digest' | 'off' {
  if (c.preferences.emailOff.includes(type)) return 'off';
  return c.preferences.dailyDigest && (c.role === 'manager' || c.role === 'admin') ? 'digest' : 'now';
}

/** The SLA warning for a registration close to missing the approval SLA. */
export function slaDueContent(deal: { id: string; customerName: string; partnerName: string; dueAt: number }) {
  return {
    title: `Approval due soon: ${deal.customerName}`,
    body: `${deal.partnerName}'s registration for ${deal.customerName} is due for a decision by ${new Date(deal.dueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    link: `/deals/${deal.id}`,
  };
}
