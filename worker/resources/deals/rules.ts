import type { DealScope } from '../../../db/queries/deals.ts';
import type { Actor } from '../../domain/actor.ts';
import { defaultExtendedExpiry, invalidExtendedExpiry } from '../../domain/expiry.ts';
import { isStaffRole } from '../../domain/permissions.ts';

/** Staff and integration tokens see and filter every deal; partner users only their tenant's. */
export const isStaffActor = (actor: Actor) => actor.kind === 'token' || isStaffRole(actor.role);

/**
 * Which deals an actor may see: reps their own registrations, partner admins their company's,
 * staff and integration tokens all. Always from the session, never from the request.
 */
export function dealScopeFor(actor: Actor): DealScope {
  if (actor.kind === 'token' || isStaffRole(actor.role)) return null;
  return { partnerId: actor.partnerId ?? '', createdBy: actor.role === 'partner_admin' ? null : actor.userId };
}

// ---- Idempotency-Key -------------------------------------------------------------------------

/** The header's accepted form: 1–255 visible ASCII characters. */
export const isValidIdempotencyKey = (key: string) => /^[\x21-\x7e]{1,255}$/.test(key);

/** The first answer stored for a key (idempotency_keys row). */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: string;
}

/**
 * What a registration carrying an Idempotency-Key does: no key or a fresh key → register;
 * the same key with the same body → replay the stored answer; the same key with another
 * body → refuse (422), since the client meant a different registration.
 */
export type IdempotencyOutcome = { kind: 'register' } | { kind: 'replay'; status: number; body: string } | { kind: 'reused' };

export function idempotencyOutcome(key: string | undefined, stored: StoredAnswer | undefined, requestHash: string): IdempotencyOutcome {
  if (!key || !stored) return { kind: 'register' };
  if (stored.requestHash !== requestHash) return { kind: 'reused' };
  return { kind: 'replay', status: stored.status, body: stored.body };
}

/** JSON with object keys sorted at every level, so a retried body hashes the same whatever its key order. */
export function canonicalJson(body: unknown): string {
  return JSON.stringify(body, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

// ---- resubmission ----------------------------------------------------------------------------

/** The deal fields a resubmission may change (products are replaced separately). */
export interface ResubmittableFields {
  customerName: string;
  customerDomain: string;
  contactName: string;
  contactEmail: string;
  contactTitle: string | null;
  country: string;
  currency: string;
  expectedCloseDate: string;
  notes: string | null;
}

/**
 * A resubmission's fields over the stored deal: each field sent replaces the stored one, a
 * field left out (or null) keeps it, so an answer to an information request never blanks
 * data. The value is in major units, re-checked against the (possibly new) currency.
 */
export function mergeResubmission(
  deal: ResubmittableFields,
  storedValue: number,
  changes: Partial<ResubmittableFields> & { estimatedValue?: number },
): ResubmittableFields & { estimatedValue: number } {
  return {
    customerName: changes.customerName ?? deal.customerName,
    customerDomain: changes.customerDomain ?? deal.customerDomain,
    contactName: changes.contactName ?? deal.contactName,
    contactEmail: changes.contactEmail ?? deal.contactEmail,
    contactTitle: changes.contactTitle ?? deal.contactTitle,
    country: changes.country ?? deal.country,
    currency: changes.currency ?? deal.currency,
    estimatedValue: changes.estimatedValue ?? storedValue,
    expectedCloseDate: changes.expectedCloseDate ?? deal.expectedCloseDate,
    notes: changes.notes ?? deal.notes,
  };
}

// ---- extension decisions ----------------------------------------------------------------------

interface ExtensionTarget {
  status: string;
  expiresAt: Date | null;
  extensionRequestedAt: Date | null;
}

/**
 * A staff answer to an extension request, before the lifecycle check (which allows `extend` /
 * `decline_extension` from `approved` only, by staff, and answers 409 otherwise):
 * - declining an approved deal nobody asked to extend → `no_request` (409);
 * - approving sets the requested expiry, or by default another protection period from the
 *   current expiry (or now, if later); a requested date must lie after both and within
 *   MAX_PROTECTION_DAYS_AHEAD → `bad_date` (400). A wrong status outranks a bad date.
 * An extension clears the open request and re-arms the expiry warning.
 */
export type ExtensionOutcome =
  | { kind: 'decline'; patch: { extensionRequestedAt: null } }
  | { kind: 'extend'; expiresAt: Date; patch: { expiresAt: Date; extensionRequestedAt: null; expiringNotifiedAt: null } }
  | { kind: 'no_request' }
  | { kind: 'bad_date'; message: string };

export function extensionOutcome(
  deal: ExtensionTarget,
  body: { decision: 'approve' | 'decline'; newExpiresAt?: string },
  at: Date,
  protectionDays: number,
): ExtensionOutcome {
  if (body.decision === 'decline') {
    if (deal.status === 'approved' && !deal.extensionRequestedAt) return { kind: 'no_request' };
    return { kind: 'decline', patch: { extensionRequestedAt: null } };
  }
  const expiresAt = body.newExpiresAt ? new Date(body.newExpiresAt) : defaultExtendedExpiry(deal.expiresAt, at, protectionDays);
  const invalid = body.newExpiresAt ? invalidExtendedExpiry(expiresAt, deal.expiresAt, at) : null;
  if (invalid && deal.status === 'approved') return { kind: 'bad_date', message: invalid };
  return { kind: 'extend', expiresAt, patch: { expiresAt, extensionRequestedAt: null, expiringNotifiedAt: null } };
}
