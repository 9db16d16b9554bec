import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PASSWORD_HASH, demoUserId } from '../../db/seed/demo.ts';
import { demoDeals, demoNoticeContent, demoNotificationSources } from '../../db/seed/demo-deals.ts';
import { contentFor, DEFAULT_PREFERENCES, recipientsFor, type Candidate, type TriggerEvent } from '../../worker/resources/notifications/triggers.ts';
import { PBKDF2_ITERATIONS, verifyPassword } from '../../worker/lib/password.ts';

describe('demo seed password', () => {
  it('the stored constant hash verifies with the demo password at the current cost', async () => {
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true);
    expect(await verifyPassword(`${DEMO_PASSWORD}x`, DEMO_PASSWORD_HASH)).toBe(false);
    expect(DEMO_PASSWORD_HASH.split('$')[1]).toBe(String(PBKDF2_ITERATIONS));
  });
});

describe('demo notifications', () => {
  const now = Date.parse('2026-12-02T06:00:00Z');
  const { rows, timeline, notifications } = demoDeals(now);
  const sources = demoNotificationSources(rows, timeline, now);
  const candidates: Candidate[] = DEMO_ACCOUNTS.map((a) => ({
    id: demoUserId(a),
    email: a.email,
    name: a.name,
    role: a.role,
    partnerId: a.partner === 'Northwind Reseller' ? 'prt_northwind' : a.partner === 'Contoso Integrators' ? 'prt_contoso' : null,
    preferences: DEFAULT_PREFERENCES,
  }));

  it('fill every demo persona’s notification centre, some unread', () => {
    for (const user of ['usr_demo_manager', 'usr_demo_alice', 'usr_demo_nick', 'usr_demo_carol']) {
      expect(notifications.filter((n) => n.userId === user).length, user).toBeGreaterThan(0);
    }
    expect(notifications.some((n) => n.readAt === null)).toBe(true);
    expect(notifications.some((n) => n.readAt !== null)).toBe(true);
  });

  it('say what the worker’s fan-out would have said, to whom it would have said it', () => {
    for (const { notice, userId } of sources) {
      const event: TriggerEvent = {
        id: `evt_${notice.dealId}`,
        type: notice.type,
        partnerId: notice.partnerId,
        subjectType: 'deal',
        subjectId: notice.dealId,
        // The event's data: the deal after the change (worker/domain/deal-view.ts), as far as the words use it.
        data: {
          customerName: notice.customerName,
          createdBy: notice.createdBy,
          partner: { id: notice.partnerId, name: notice.partnerName },
          expiresAt: notice.expiresAt?.toISOString() ?? null,
          decisionReason: notice.type === 'deal.extension_requested' ? null : notice.reason,
          extensionReason: notice.type === 'deal.extension_requested' ? notice.reason : null,
        },
        partnerOwnerId: 'usr_demo_manager',
      };
      expect(demoNoticeContent(notice), notice.type).toEqual(contentFor(event));
      expect(recipientsFor(event, candidates).map((c) => c.id)).toEqual([userId]);
    }
  });

  it('mark the deal whose protection-ends-soon warning they hold, so the daily job does not warn twice', () => {
    const warned = sources.filter((s) => s.notice.type === 'deal.expiring');
    expect(warned.length).toBeGreaterThan(0);
    for (const s of warned) expect(rows.find((r) => r.id === s.notice.dealId)!.expiringNotifiedAt).toBeInstanceOf(Date);
  });
});
