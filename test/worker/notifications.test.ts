import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { events, mailMessages, notifications, partners } from '../../db/schema/index.ts';
import { sweepOutbox } from '../../worker/jobs/outbox-sweep.ts';
import { runSlaWarnings } from '../../worker/resources/notifications/sla-check.ts';
import { enqueueEvents } from '../../worker/webhooks/enqueue.ts';
import { newId } from '../../worker/lib/ids.ts';
import { seedDeal } from './deal-decisions.helpers.ts';
import { dealBody } from './deals.helpers.ts';
import { freshDatabase } from './harness.ts';
import { notifyHarness, type NotifyHarness } from './notify.helpers.ts';
import type { Persona } from './personas.ts';

let h: NotifyHarness;
beforeEach(async () => {
  h = notifyHarness(await freshDatabase('demo'));
  // The demo seed's notification centre (db/seed/demo-deals.ts) is not what these tests count.
  await h.db.delete(notifications);
});

interface Page {
  items: { id: string; type: string; title: string; body: string; link: string; subject: { type: string; id: string } | null; readAt: string | null }[];
  nextCursor: string | null;
  unreadCount: number;
}

const list = async (who: Persona, query = '') => {
  const res = await h.request(who, `/api/v1/notifications${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

/** Nick registers a deal through the API; returns its id. */
async function nickRegisters(customerName: string) {
  const domain = customerName.toLowerCase().replace(/[^a-z]/g, '');
  const res = await h.request('nick', '/api/v1/deals', {
    method: 'POST',
    headers: { 'idempotency-key': newId('idem') },
    json: dealBody({ customerName, customerDomain: `${domain}.com`, contactEmail: `pat@${domain}.com` }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const approve = (id: string) => h.request('manager', `/api/v1/deals/${id}/approve`, { method: 'POST', json: {} });

describe('deal notifications', () => {
  it("tells the owning manager of Nick's registration, then Nick of its approval, in the portal and by email, once each", async () => {
    const id = await nickRegisters('Bellweather Foods');
    const managerPage = await list('manager');
    expect(managerPage.items[0]).toMatchObject({ type: 'deal.registered', link: `/deals/${id}`, subject: { type: 'deal', id } });
    expect(managerPage.items[0]!.title).toContain('Bellweather Foods');
    expect((await list('admin')).items.filter((n) => n.subject?.id === id)).toEqual([]);

    expect((await approve(id)).status).toBe(200);
    const page = await list('nick');
    expect(page.unreadCount).toBe(1);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ type: 'deal.approved', link: `/deals/${id}`, subject: { type: 'deal', id }, readAt: null });
    expect(page.items[0]!.title).toBe('Registration approved: Bellweather Foods');
    // Alice (partner admin) hears of colleagues' deals only by preference.
    expect((await list('alice')).items).toEqual([]);

    await h.drainMail();
    const mails = h.mailer.to('nick@northwind.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Registration approved: Bellweather Foods');
    expect(mails[0]!.text).toContain(`${h.env.PORTAL_URL}/deals/${id}`);
    expect(mails[0]!.html).toContain(`href="${h.env.PORTAL_URL}/deals/${id}"`);
    expect(h.mailer.to('manager@vendor.example').map((m) => m.subject)).toEqual(['New registration: Bellweather Foods']);
  });

  it('escapes what partners typed in the HTML mail', async () => {
    await nickRegisters('<script>x</script> Ltd');
    await h.drainMail();
    const [mail] = h.mailer.to('manager@vendor.example');
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.html).toContain('&lt;script&gt;');
  });

  it('sends new registrations to every manager when the partner has no owning manager, and to the owner when it has one', async () => {
    await h.db.update(partners).set({ ownerId: null }).where(eq(partners.id, 'prt_northwind'));
    const a = await nickRegisters('Orphan Registration');
    expect((await list('manager')).items.map((n) => n.subject?.id)).toContain(a);
    await h.db.update(partners).set({ ownerId: 'usr_demo_admin' }).where(eq(partners.id, 'prt_northwind'));
    const b = await nickRegisters('Admin Owned');
    expect((await list('admin')).items.map((n) => n.subject?.id)).toEqual([b]);
    expect((await list('manager')).items.map((n) => n.subject?.id)).not.toContain(b);
  });

  it('notifies partner admins of colleagues’ deals when they ask to', async () => {
    const put = await h.request('alice', '/api/v1/me/notification-preferences', { method: 'PUT', json: { teamDeals: true } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ teamDeals: true, dailyDigest: false });
    const id = await nickRegisters('Team Visible');
    await h.request('manager', `/api/v1/deals/${id}/reject`, { method: 'POST', json: { reasonCode: 'duplicate', reason: 'Already registered' } });
    const alice = await list('alice');
    expect(alice.items.map((n) => n.type)).toEqual(['deal.rejected']);
    expect(alice.items[0]!.body).toContain('Already registered');
    expect((await list('nick')).items.map((n) => n.type)).toEqual(['deal.rejected']);
  });
});

describe('reading notifications', () => {
  it('lists only your own; marking someone else’s id read does nothing', async () => {
    const id = await nickRegisters('Private Matters');
    await approve(id);
    const [mine] = (await list('nick')).items;
    expect((await list('carol')).items).toEqual([]);
    const carolMarks = await h.request('carol', '/api/v1/notifications/read', { method: 'POST', json: { ids: [mine!.id] } });
    expect(await carolMarks.json()).toEqual({ marked: 0, unreadCount: 0 });
    expect((await list('nick')).unreadCount).toBe(1);

    const marked = await h.request('nick', '/api/v1/notifications/read', { method: 'POST', json: { ids: [mine!.id] } });
    expect(await marked.json()).toEqual({ marked: 1, unreadCount: 0 });
    const after = await list('nick');
    expect(after.items[0]!.readAt).not.toBeNull();
    expect((await list('nick', '?unread=true')).items).toEqual([]);
  });

  it('marks all read, pages with a cursor, and rejects a malformed body', async () => {
    const now = Date.now();
    await h.db.insert(notifications).values(
      Array.from({ length: 5 }, (_, i) => ({
        id: `ntf_test${i}`,
        userId: 'usr_demo_nick',
        type: 'deal.approved',
        title: `T${i}`,
        body: 'b',
        link: '/deals/x',
        dedupeKey: `k${i}`,
        createdAt: new Date(now - i * 1000),
      })),
    );
    const first = await list('nick', '?limit=2');
    expect(first.items.map((n) => n.title)).toEqual(['T0', 'T1']);
    expect(first.unreadCount).toBe(5);
    const second = await list('nick', `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.title)).toEqual(['T2', 'T3']);
    const all = await h.request('nick', '/api/v1/notifications/read', { method: 'POST', json: { all: true } });
    expect(await all.json()).toEqual({ marked: 5, unreadCount: 0 });
    expect((await h.request('nick', '/api/v1/notifications/read', { method: 'POST', json: { all: false } })).status).toBe(422);
    expect((await h.request(null, '/api/v1/notifications')).status).toBe(401);
  });

  it('answers the list in one database round trip', async () => {
    await list('nick');
    const { roundTrips } = await import('./harness.ts');
    await h.request('nick', '/api/v1/notifications', { headers: { 'x-request-id': 'ntf-list-rt' } });
    expect(await roundTrips('ntf-list-rt')).toBe(1);
  });
});

describe('preferences', () => {
  it('turns one type’s email off while the in-app notification stays; refuses types the role does not get', async () => {
    const before = (await (await h.request('nick', '/api/v1/me/notification-preferences')).json()) as { types: { type: string; email: boolean }[] };
    expect(before.types.find((t) => t.type === 'deal.approved')).toMatchObject({ email: true });
    expect(before.types.map((t) => t.type)).not.toContain('deal.registered');
    const put = await h.request('nick', '/api/v1/me/notification-preferences', { method: 'PUT', json: { email: { 'deal.approved': false } } });
    expect(put.status).toBe(200);
    const bad = await h.request('nick', '/api/v1/me/notification-preferences', { method: 'PUT', json: { email: { 'deal.registered': false } } });
    expect(bad.status).toBe(422);

    const id = await nickRegisters('Quiet Please');
    await approve(id);
    expect((await list('nick')).items.map((n) => n.type)).toEqual(['deal.approved']);
    await h.drainMail();
    expect(h.mailer.to('nick@northwind.example')).toEqual([]);
  });

  it('holds a manager’s mail for the daily digest', async () => {
    await h.request('manager', '/api/v1/me/notification-preferences', { method: 'PUT', json: { dailyDigest: true } });
    await nickRegisters('Digest One');
    await nickRegisters('Digest Two');
    await h.drainMail();
    expect(h.mailer.to('manager@vendor.example')).toEqual([]);
    const held = await h.db.select().from(mailMessages).where(and(eq(mailMessages.userId, 'usr_demo_manager'), eq(mailMessages.status, 'held')));
    expect(held).toHaveLength(2);
    const { runDigests } = await import('../../worker/resources/notifications/mail-queue.ts');
    const tomorrow8 = new Date(Date.now() + 86_400_000);
    tomorrow8.setUTCHours(8, 0, 0, 0);
    expect(await runDigests(h.env, tomorrow8)).toBe(1);
    expect(await runDigests(h.env, tomorrow8)).toBe(0);
    await h.drainMail();
    const digests = h.mailer.to('manager@vendor.example');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Digest One');
    expect(digests[0]!.text).toContain('Digest Two');
  });
});

describe('mail delivery', () => {
  it('loses no message when the provider fails: retries with backoff and sends exactly once after it recovers', async () => {
    const id = await nickRegisters('Resilient Retail');
    await h.drainMail(); // the manager's mail
    h.mailer.failuresLeft = 2;
    await approve(id);
    const delays = await h.drainMail();
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(4);
    expect(delays[1]).toBeGreaterThanOrEqual(270);
    expect(h.mailer.to('nick@northwind.example')).toHaveLength(1);
    const [row] = await h.db.select().from(mailMessages).where(eq(mailMessages.toAddress, 'nick@northwind.example'));
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });

    // A duplicate queue message, and a second fan-out of the same event, send nothing more.
    (h.mailQueue.waiting as unknown as { mailId: string }[]).push({ mailId: row!.id });
    await h.drainMail();
    const eventIds = (await h.db.select({ id: events.id }).from(events).where(eq(events.subjectId, id))).map((e) => e.id);
    await h.db.update(events).set({ enqueuedAt: null }).where(eq(events.subjectId, id));
    await enqueueEvents(h.env, eventIds);
    await h.drainMail();
    expect(h.mailer.to('nick@northwind.example')).toHaveLength(1);
    expect((await list('nick')).items).toHaveLength(1);
  });

  it('the cron sweep notifies for events whose after-commit enqueue never ran, once', async () => {
    const dealId = await seedDeal(h.db, { status: 'approved', customerName: 'Swept Up Inc' });
    await h.db.insert(events).values({
      id: newId('evt'),
      type: 'deal.expired',
      occurredAt: new Date(Date.now() - 60_000),
      partnerId: 'prt_northwind',
      subjectType: 'deal',
      subjectId: dealId,
      data: { id: dealId, customerName: 'Swept Up Inc', createdBy: 'usr_demo_nick', partner: { id: 'prt_northwind', name: 'Northwind Reseller' } },
      enqueuedAt: null,
    });
    await Promise.all([sweepOutbox(h.env), sweepOutbox(h.env)]);
    await sweepOutbox(h.env);
    const page = await list('nick');
    expect(page.items.map((n) => [n.type, n.subject?.id])).toEqual([['deal.expired', dealId]]);
    await h.drainMail();
    expect(h.mailer.to('nick@northwind.example').map((m) => m.subject)).toEqual(['Protection ended: Swept Up Inc']);
  });

  it('emails an invitation to the invitee, sealed at rest until sent, and still shows the link to the inviter', async () => {
    const res = await h.request('alice', '/api/v1/invitations', { method: 'POST', json: { email: 'newbie@northwind.example', role: 'partner_rep' } });
    expect(res.status).toBe(201);
    const { inviteUrl } = (await res.json()) as { inviteUrl: string };
    expect(inviteUrl).toMatch(/\/invite\/[a-z2-7]{32}$/);
    const [row] = await h.db.select().from(mailMessages).where(eq(mailMessages.toAddress, 'newbie@northwind.example'));
    expect(row!.sealed).toBe(true);
    expect(row!.content).not.toContain(inviteUrl.split('/').pop()!);
    await h.drainMail();
    const [mail] = h.mailer.to('newbie@northwind.example');
    expect(mail!.subject).toBe('Alice Northwind invited you to Northwind Reseller on the Partner Portal');
    expect(mail!.text).toContain(inviteUrl);
    const [after] = await h.db.select().from(mailMessages).where(eq(mailMessages.id, row!.id));
    expect(after).toMatchObject({ status: 'sent', content: null });
  });
});

describe('approval SLA warning', () => {
  it('warns the owning manager once when a registration is about to miss the SLA', async () => {
    // Wednesday 25 Nov 2026 12:00 UTC; submitted Monday 20:00: 40 of the 48 business hours used.
    const now = new Date(Date.UTC(2026, 10, 25, 12));
    const id = await seedDeal(h.db, { customerName: 'Slow Decision', submittedAt: new Date(now.getTime() - 40 * 3_600_000) });
    const onTime = await seedDeal(h.db, { customerName: 'Fresh Decision', submittedAt: new Date(now.getTime() - 2 * 3_600_000) });
    await runSlaWarnings(h.env, now);
    await runSlaWarnings(h.env, now);
    const page = await list('manager');
    expect(page.items.filter((n) => n.subject?.id === id).map((n) => n.type)).toEqual(['deal.sla_due']);
    expect(page.items.filter((n) => n.subject?.id === onTime)).toEqual([]);
  });
});
