import { describe, expect, it } from 'vitest';
import { webhookPayload } from './webhook-payload.ts';

const occurredAt = new Date('2026-11-26T12:00:00.000Z');

describe('webhookPayload', () => {
  it('wraps a deal event and links the deal in the portal', () => {
    const payload = webhookPayload(
      { id: 'evt_1', type: 'deal.approved', occurredAt, subjectType: 'deal', subjectId: 'dl_1', data: { id: 'dl_1', status: 'approved' } },
      'https://prm.example.com/',
    );
    expect(payload).toEqual({
      type: 'deal.approved',
      timestamp: '2026-11-26T12:00:00.000Z',
      data: { id: 'dl_1', status: 'approved', portalUrl: 'https://prm.example.com/deals/dl_1' },
    });
  });

  it('leaves other subjects without a deal link', () => {
    const payload = webhookPayload(
      { id: 'evt_2', type: 'webhook.test', occurredAt, subjectType: 'webhook_endpoint', subjectId: 'whe_1', data: { endpointId: 'whe_1' } },
      'https://prm.example.com',
    );
    expect(payload.data).toEqual({ endpointId: 'whe_1' });
  });
});
