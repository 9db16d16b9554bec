import { describe, expect, it } from 'vitest';
import { DEAL_EVENT_TYPES, transition } from './deal-lifecycle.ts';

describe('deal lifecycle', () => {
  it('staff approve a submitted deal', () => {
    expect(transition('submitted', 'approve', 'staff')).toEqual({ ok: true, to: 'approved', event: 'deal.approved' });
  });
  it('partners cannot approve', () => {
    expect(transition('submitted', 'approve', 'partner')).toMatchObject({ ok: false, reason: 'not_allowed_for_actor' });
  });
  it('info requested → resubmitted by the partner, then approvable', () => {
    expect(transition('info_requested', 'resubmit', 'partner')).toMatchObject({ ok: true, to: 'resubmitted' });
    expect(transition('resubmitted', 'approve', 'staff')).toMatchObject({ ok: true, to: 'approved' });
  });
  it('terminal statuses accept nothing', () => {
    for (const status of ['rejected', 'won', 'lost', 'expired', 'withdrawn'] as const) {
      for (const action of ['approve', 'withdraw', 'win', 'expire', 'resubmit'] as const) {
        expect(transition(status, action, action === 'resubmit' || action === 'withdraw' ? 'partner' : action === 'expire' ? 'system' : 'staff').ok).toBe(false);
      }
    }
  });
  it('extensions keep the status', () => {
    expect(transition('approved', 'request_extension', 'partner')).toMatchObject({ ok: true, to: 'approved', event: 'deal.extension_requested' });
    expect(transition('approved', 'extend', 'staff')).toMatchObject({ ok: true, to: 'approved', event: 'deal.extended' });
  });
  it('only the CRM or staff record won/lost, only on approved deals', () => {
    expect(transition('approved', 'win', 'crm')).toMatchObject({ ok: true, to: 'won' });
    expect(transition('submitted', 'win', 'crm')).toMatchObject({ ok: false, reason: 'invalid_from_status' });
    expect(transition('approved', 'lose', 'partner')).toMatchObject({ ok: false });
  });
  it('lists every event type once', () => {
    expect(DEAL_EVENT_TYPES).toContain('deal.registered');
    expect(DEAL_EVENT_TYPES).toContain('deal.expiring');
    expect(new Set(DEAL_EVENT_TYPES).size).toBe(DEAL_EVENT_TYPES.length);
  });
});
