import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.ts';
import { DAY_MS } from '../../domain/business-time.ts';
import { MAX_PROTECTION_DAYS_AHEAD } from '../../domain/expiry.ts';
import { canonicalJson, dealScopeFor, extensionOutcome, idempotencyOutcome, isStaffActor, isValidIdempotencyKey, mergeResubmission } from './rules.ts';

const user = (role: 'partner_rep' | 'partner_admin' | 'manager' | 'admin', partnerId: string | null): Actor => ({
  kind: 'user',
  userId: 'usr_1',
  sessionId: 'ses_1',
  role,
  partnerId,
  email: 'x@example.com',
  name: 'X',
});

describe('which deals an actor sees', () => {
  it('reps: their own registrations; partner admins: their company; staff and tokens: all', () => {
    expect(dealScopeFor(user('partner_rep', 'ptr_a'))).toEqual({ partnerId: 'ptr_a', createdBy: 'usr_1' });
    expect(dealScopeFor(user('partner_admin', 'ptr_a'))).toEqual({ partnerId: 'ptr_a', createdBy: null });
    expect(dealScopeFor(user('manager', null))).toBeNull();
    expect(dealScopeFor(user('admin', null))).toBeNull();
    expect(dealScopeFor({ kind: 'token', tokenId: 'tok_1', scopes: ['deals:read'] })).toBeNull();
  });

  it('a partner user without a company sees nothing rather than everything', () => {
    expect(dealScopeFor(user('partner_admin', null))).toEqual({ partnerId: '', createdBy: null });
  });

  it('staff-only filters apply to staff and tokens only', () => {
    expect(isStaffActor(user('manager', null))).toBe(true);
    expect(isStaffActor({ kind: 'token', tokenId: 'tok_1', scopes: [] })).toBe(true);
    expect(isStaffActor(user('partner_admin', 'ptr_a'))).toBe(false);
  });
});

describe('Idempotency-Key replay decision', () => {
  const stored = { requestHash: 'hash-a', status: 201, body: '{"id":"dl_1"}' };

  it('the same key with the same body replays the stored status and body', () => {
    expect(idempotencyOutcome('key-1', stored, 'hash-a')).toEqual({ kind: 'replay', status: 201, body: '{"id":"dl_1"}' });
  });

  it('the same key with a different body is refused, not replayed', () => {
    expect(idempotencyOutcome('key-1', stored, 'hash-b')).toEqual({ kind: 'reused' });
  });

  it('no key, or a key never seen, registers', () => {
    expect(idempotencyOutcome(undefined, stored, 'hash-a')).toEqual({ kind: 'register' });
    expect(idempotencyOutcome('', stored, 'hash-a')).toEqual({ kind: 'register' });
    expect(idempotencyOutcome('key-2', undefined, 'hash-a')).toEqual({ kind: 'register' });
  });

  it('bodies differing only in key order count as the same body', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: [2, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });

  it('keys are 1–255 visible ASCII characters', () => {
    expect(isValidIdempotencyKey('a')).toBe(true);
    expect(isValidIdempotencyKey('x'.repeat(255))).toBe(true);
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('x'.repeat(256))).toBe(false);
    expect(isValidIdempotencyKey('has space')).toBe(false);
    expect(isValidIdempotencyKey('é')).toBe(false);
  });
});

describe('resubmission merge', () => {
  const deal = {
    customerName: 'Acme',
    customerDomain: 'acme.com',
    contactName: 'Ann',
    contactEmail: 'ann@acme.com',
    contactTitle: 'CTO',
    country: 'DE',
    currency: 'EUR',
    expectedCloseDate: '2027-01-31',
    notes: 'first',
  };

  it('keeps every stored field the resubmission leaves out, including the value', () => {
    expect(mergeResubmission(deal, 1234.5, {})).toEqual({ ...deal, estimatedValue: 1234.5 });
  });

  it('fields sent replace the stored ones; the rest stay', () => {
    const merged = mergeResubmission(deal, 1000, { customerName: 'Acme GmbH', estimatedValue: 2000, currency: 'USD' });
    expect(merged).toEqual({ ...deal, customerName: 'Acme GmbH', estimatedValue: 2000, currency: 'USD' });
  });

  it('a resubmission cannot blank an optional field', () => {
    const merged = mergeResubmission(deal, 1000, { contactTitle: undefined, notes: null as unknown as string });
    expect(merged.contactTitle).toBe('CTO');
    expect(merged.notes).toBe('first');
  });

  it('an estimated value of 0 is a change, not a missing field', () => {
    expect(mergeResubmission(deal, 1000, { estimatedValue: 0 }).estimatedValue).toBe(0);
  });
});

describe('extension decisions', () => {
  const at = new Date('2026-06-01T00:00:00Z');
  const expiresAt = new Date('2026-06-10T00:00:00Z');
  const requested = { status: 'approved', expiresAt, extensionRequestedAt: new Date('2026-05-30T00:00:00Z') };

  it('declining clears the open request', () => {
    expect(extensionOutcome(requested, { decision: 'decline' }, at, 90)).toEqual({ kind: 'decline', patch: { extensionRequestedAt: null } });
  });

  it('declining an approved deal nobody asked to extend is refused', () => {
    expect(extensionOutcome({ ...requested, extensionRequestedAt: null }, { decision: 'decline' }, at, 90)).toEqual({ kind: 'no_request' });
  });

  it('approving by default adds one protection period to the current expiry, clears the request and re-arms the warning', () => {
    const outcome = extensionOutcome(requested, { decision: 'approve' }, at, 90);
    const next = new Date(expiresAt.getTime() + 90 * DAY_MS);
    expect(outcome).toEqual({ kind: 'extend', expiresAt: next, patch: { expiresAt: next, extensionRequestedAt: null, expiringNotifiedAt: null } });
  });

  it('a lapsed expiry is extended from now, not from the past', () => {
    const outcome = extensionOutcome({ ...requested, expiresAt: new Date('2026-01-01T00:00:00Z') }, { decision: 'approve' }, at, 30);
    expect(outcome.kind === 'extend' && outcome.expiresAt.getTime()).toBe(at.getTime() + 30 * DAY_MS);
  });

  it('a requested date is used when later than the expiry and within the maximum', () => {
    const outcome = extensionOutcome(requested, { decision: 'approve', newExpiresAt: '2026-09-01T00:00:00Z' }, at, 90);
    expect(outcome.kind === 'extend' && outcome.expiresAt.toISOString()).toBe('2026-09-01T00:00:00.000Z');
  });

  it('a requested date not after the current expiry, or beyond the maximum, is a bad date', () => {
    expect(extensionOutcome(requested, { decision: 'approve', newExpiresAt: '2026-06-05T00:00:00Z' }, at, 90).kind).toBe('bad_date');
    const tooFar = new Date(at.getTime() + (MAX_PROTECTION_DAYS_AHEAD + 1) * DAY_MS).toISOString();
    expect(extensionOutcome(requested, { decision: 'approve', newExpiresAt: tooFar }, at, 90).kind).toBe('bad_date');
  });

  it('a wrong status outranks a bad date (the lifecycle answers it)', () => {
    const submitted = { status: 'submitted', expiresAt: null, extensionRequestedAt: null };
    expect(extensionOutcome(submitted, { decision: 'approve', newExpiresAt: '2020-01-01T00:00:00Z' }, at, 90).kind).toBe('extend');
    expect(extensionOutcome(submitted, { decision: 'decline' }, at, 90).kind).toBe('decline');
  });
});
