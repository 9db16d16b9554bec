import type { BatchItem } from 'drizzle-orm/batch';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '../schema/index.ts';
import type { DealStatus } from '../schema/deal-enums.ts';
import { nameKey, nameToken, registrableDomain } from '../schema/customer-keys.ts';
import { toMinor } from '../schema/money.ts';

type Db = LibSQLDatabase<typeof schema>;
const DAY = 86_400_000;

interface Spec {
  partner: 'prt_northwind' | 'prt_contoso';
  by: string;
  customer: string;
  domain: string;
  value: number;
  currency: string;
  products: string[];
  status: DealStatus;
  /** Days before the seed's "now" that the deal was submitted. */
  submitted: number;
  /** Won deals: days before now that they closed, and the amount. */
  closed?: number;
  won?: number;
  reason?: string;
}

const NW = 'prt_northwind';
const CT = 'prt_contoso';
const ALICE = 'usr_demo_alice';
const NICK = 'usr_demo_nick';
const CAROL = 'usr_demo_carol';

/** Every status, both partners, won deals spread over the last 12 months, and conflicts. */
const DEALS: Spec[] = [
  // Won over the last year: the revenue charts and tier progress.
  { partner: NW, by: NICK, customer: 'Blue Yonder Airlines', domain: 'blueyonderairlines.com', value: 84000, currency: 'USD', products: ['prd_platform', 'prd_support'], status: 'won', submitted: 350, closed: 320, won: 82500 },
  { partner: NW, by: ALICE, customer: 'Tailspin Toys', domain: 'tailspintoys.com', value: 42000, currency: 'USD', products: ['prd_platform'], status: 'won', submitted: 300, closed: 270, won: 42000 },
  { partner: NW, by: NICK, customer: 'Wide World Importers', domain: 'wideworldimporters.com', value: 120000, currency: 'EUR', products: ['prd_platform', 'prd_analytics'], status: 'won', submitted: 250, closed: 215, won: 118000 },
  { partner: CT, by: CAROL, customer: 'Lucerne Publishing', domain: 'lucernepublishing.com', value: 56000, currency: 'USD', products: ['prd_security'], status: 'won', submitted: 190, closed: 160, won: 56000 },
  { partner: NW, by: NICK, customer: 'Margie’s Travel', domain: 'margiestravel.com', value: 23500, currency: 'GBP', products: ['prd_analytics'], status: 'won', submitted: 160, closed: 130, won: 23500 },
  { partner: NW, by: ALICE, customer: 'Proseware, Inc.', domain: 'proseware.com', value: 97000, currency: 'USD', products: ['prd_platform', 'prd_security'], status: 'won', submitted: 130, closed: 95, won: 99000 },
  { partner: CT, by: CAROL, customer: 'Adventure Works Cycles', domain: 'adventure-works.com', value: 64000, currency: 'USD', products: ['prd_platform'], status: 'won', submitted: 110, closed: 70, won: 61000 },
  { partner: NW, by: NICK, customer: 'Alpine Ski House', domain: 'alpineskihouse.com', value: 31000, currency: 'EUR', products: ['prd_support'], status: 'won', submitted: 75, closed: 40, won: 31000 },
  { partner: NW, by: ALICE, customer: 'Coho Winery', domain: 'cohowinery.com', value: 18000, currency: 'USD', products: ['prd_analytics'], status: 'won', submitted: 45, closed: 12, won: 18500 },
  { partner: CT, by: CAROL, customer: 'Trey Research', domain: 'treyresearch.net', value: 72000, currency: 'USD', products: ['prd_platform', 'prd_analytics'], status: 'won', submitted: 40, closed: 6, won: 72000 },
  // Lost, expired, rejected, withdrawn.
  { partner: NW, by: NICK, customer: 'Fourth Coffee', domain: 'fourthcoffee.com', value: 15000, currency: 'USD', products: ['prd_platform'], status: 'lost', submitted: 200, closed: 150, reason: 'Chose a competitor' },
  { partner: CT, by: CAROL, customer: 'Litware, Inc.', domain: 'litwareinc.com', value: 28000, currency: 'USD', products: ['prd_security'], status: 'lost', submitted: 120, closed: 60, reason: 'Budget cut' },
  { partner: NW, by: ALICE, customer: 'Graphic Design Institute', domain: 'graphicdesigninstitute.com', value: 12000, currency: 'USD', products: ['prd_analytics'], status: 'expired', submitted: 170 },
  { partner: CT, by: CAROL, customer: 'School of Fine Art', domain: 'fineartschool.net', value: 9000, currency: 'USD', products: ['prd_support'], status: 'rejected', submitted: 60, reason: 'Customer already in a direct sales cycle' },
  { partner: NW, by: NICK, customer: 'City Power & Light', domain: 'cpandl.com', value: 44000, currency: 'USD', products: ['prd_platform'], status: 'rejected', submitted: 35, reason: 'Insufficient information' },
  { partner: NW, by: NICK, customer: 'Humongous Insurance', domain: 'humongousinsurance.com', value: 51000, currency: 'USD', products: ['prd_security'], status: 'withdrawn', submitted: 28, reason: 'Project postponed' },
  // Approved and protected (one expiring soon, one with an extension request).
  { partner: NW, by: ALICE, customer: 'Woodgrove Bank', domain: 'woodgrovebank.com', value: 250000, currency: 'USD', products: ['prd_platform', 'prd_security', 'prd_support'], status: 'approved', submitted: 50 },
  { partner: NW, by: NICK, customer: 'Northwind Traders GmbH', domain: 'northwindtraders.de', value: 38000.5, currency: 'EUR', products: ['prd_analytics'], status: 'approved', submitted: 112 },
  { partner: CT, by: CAROL, customer: 'Contoso Pharmaceuticals', domain: 'contosopharma.com', value: 132000, currency: 'USD', products: ['prd_platform', 'prd_analytics'], status: 'approved', submitted: 20 },
  { partner: CT, by: CAROL, customer: 'Fabrikam Residences', domain: 'fabrikamresidences.com', value: 2_400_000, currency: 'JPY', products: ['prd_support'], status: 'approved', submitted: 84, reason: 'Procurement needs another quarter' },
  // Waiting for a decision or for the partner.
  { partner: NW, by: NICK, customer: 'Relecloud', domain: 'relecloud.com', value: 67000, currency: 'USD', products: ['prd_platform'], status: 'submitted', submitted: 1 },
  { partner: NW, by: ALICE, customer: 'VanArsdel, Ltd.', domain: 'vanarsdelltd.com', value: 21000, currency: 'GBP', products: ['prd_security'], status: 'submitted', submitted: 4 },
  { partner: CT, by: CAROL, customer: 'Munson’s Pickles and Preserves', domain: 'munsonspickles.com', value: 14500, currency: 'USD', products: ['prd_analytics'], status: 'info_requested', submitted: 6, reason: 'Who is the economic buyer?' },
  { partner: NW, by: NICK, customer: 'Bellows College', domain: 'bellowscollege.edu', value: 33000, currency: 'USD', products: ['prd_platform'], status: 'resubmitted', submitted: 9, reason: 'Added the procurement contact' },
  // Cross-partner conflict: Contoso registers Woodgrove Bank, which Northwind holds (approved).
  { partner: CT, by: CAROL, customer: 'Woodgrove Bank Corp.', domain: 'https://www.woodgrovebank.com/', value: 180000, currency: 'USD', products: ['prd_platform'], status: 'submitted', submitted: 2 },
  // Existing-customer conflict: Litware's parent is already a direct customer.
  { partner: NW, by: ALICE, customer: 'Southridge Video', domain: 'southridgevideo.com', value: 26000, currency: 'USD', products: ['prd_support'], status: 'submitted', submitted: 3 },
];

/** Customers the vendor already sells to directly (as a CRM push would create). */
const CUSTOMERS = [
  { id: 'cus_demo_southridge', name: 'Southridge Video', domain: 'southridgevideo.com', crmId: 'CRM-1001' },
  { id: 'cus_demo_alpine', name: 'Alpine Ski House', domain: 'alpineskihouse.com', crmId: 'CRM-1002' },
  { id: 'cus_demo_datum', name: 'A. Datum Corporation', domain: 'adatum.com', crmId: 'CRM-1003' },
];

const PROTECTION_DAYS: Record<string, number> = { [NW]: 120, [CT]: 90 };

/**
 * Statements that seed the demo deals: rows, products, timelines, conflicts and existing
 * customers. Keys come from the same normalisers registration uses, so conflicts and the
 * pre-check behave on demo data exactly as on real data.
 */
export function demoDealStatements(db: Db, now: number): BatchItem<'sqlite'>[] {
  const { customers, rows, links, timeline, conflicts, notifications } = demoDeals(now);
  return [
    db.insert(schema.customers).values(customers),
    db.insert(schema.deals).values(rows),
    db.insert(schema.dealProducts).values(links),
    db.insert(schema.dealEvents).values(timeline),
    db.insert(schema.dealConflicts).values(conflicts),
    db.insert(schema.notifications).values(notifications),
  ];
}

/** The demo deals' rows, as `demoDealStatements` inserts them. */
export function demoDeals(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const rows: (typeof schema.deals.$inferInsert)[] = [];
  const links: (typeof schema.dealProducts.$inferInsert)[] = [];
  const timeline: (typeof schema.dealEvents.$inferInsert)[] = [];
  const conflicts: (typeof schema.dealConflicts.$inferInsert)[] = [];

  DEALS.forEach((d, i) => {
    const id = `dl_demo_${String(i + 1).padStart(2, '0')}`;
    const submittedAt = at(d.submitted);
    const decidedAt = at(d.submitted - 2);
    const decided = !['submitted', 'withdrawn'].includes(d.status);
    const approved = ['approved', 'won', 'lost', 'expired'].includes(d.status);
    const expiresAt = approved ? new Date(decidedAt.getTime() + PROTECTION_DAYS[d.partner]! * DAY) : null;
    const minor = (v: number) => {
      const m = toMinor(v, d.currency);
      if (!m.ok) throw new Error(`demo deal ${d.customer}: bad amount`);
      return m.minor;
    };
    const last = d.closed !== undefined ? at(d.closed) : decided ? decidedAt : submittedAt;
    rows.push({
      id,
      partnerId: d.partner,
      createdBy: d.by,
      customerName: d.customer,
      customerNameKey: nameKey(d.customer),
      customerNameToken: nameToken(d.customer),
      customerDomain: d.domain,
      registrableDomain: registrableDomain(d.domain)!,
      contactName: 'Jordan Buyer',
      contactEmail: `jordan@${registrableDomain(d.domain)}`,
      contactTitle: 'Head of IT',
      country: d.currency === 'EUR' ? 'DE' : d.currency === 'GBP' ? 'GB' : d.currency === 'JPY' ? 'JP' : 'US',
      estimatedValueMinor: minor(d.value),
      currency: d.currency,
      expectedCloseDate: (d.closed !== undefined ? at(d.closed) : at(-60 + (i % 5) * 10)).toISOString().slice(0, 10),
      notes: null,
      status: d.status,
      hasConflict: false,
      submittedAt,
      firstDecisionAt: decided ? decidedAt : null,
      approvedAt: approved ? decidedAt : null,
      expiresAt: d.status === 'expired' ? at(d.submitted - 2 - PROTECTION_DAYS[d.partner]!) : expiresAt,
      extensionRequestedAt: d.status === 'approved' && d.reason ? at(1) : null,
      extensionReason: d.status === 'approved' && d.reason ? d.reason : null,
      decisionReason: d.status === 'rejected' ? d.reason! : null,
      rejectionCode: d.status === 'rejected' ? 'other' : null,
      wonAmountMinor: d.won !== undefined ? minor(d.won) : null,
      closeDate: d.closed !== undefined ? at(d.closed).toISOString().slice(0, 10) : null,
      lostReason: d.status === 'lost' ? d.reason! : null,
      crmId: d.status === 'won' || d.status === 'lost' ? `OPP-${4100 + i}` : null,
      createdAt: submittedAt,
      updatedAt: last,
    });
    for (const p of d.products) links.push({ dealId: id, productId: p });

    const event = (n: number, when: Date, type: string, from: DealStatus | null, to: DealStatus, actor: string | null, reason: string | null = null) =>
      timeline.push({ id: `dev_demo_${i + 1}_${n}`, dealId: id, at: when, actorType: actor ? 'user' : 'system', actorId: actor, type, fromStatus: from, toStatus: to, reason });
    event(0, submittedAt, 'deal.registered', null, 'submitted', d.by);
    const manager = 'usr_demo_manager';
    if (d.status === 'withdrawn') event(1, decidedAt, 'deal.withdrawn', 'submitted', 'withdrawn', d.by, d.reason);
    if (d.status === 'rejected') event(1, decidedAt, 'deal.rejected', 'submitted', 'rejected', manager, d.reason);
    if (d.status === 'info_requested' || d.status === 'resubmitted') {
      event(1, decidedAt, 'deal.info_requested', 'submitted', 'info_requested', manager, d.status === 'info_requested' ? d.reason : 'Please add a procurement contact');
    }
    if (d.status === 'resubmitted') event(2, at(d.submitted - 3), 'deal.resubmitted', 'info_requested', 'resubmitted', d.by, d.reason);
    if (approved) event(1, decidedAt, 'deal.approved', 'submitted', 'approved', manager);
    if (d.status === 'approved' && d.reason) event(2, at(1), 'deal.extension_requested', 'approved', 'approved', d.by, d.reason);
    if (d.status === 'won') event(2, at(d.closed!), 'deal.won', 'approved', 'won', null);
    if (d.status === 'lost') event(2, at(d.closed!), 'deal.lost', 'approved', 'lost', null, d.reason);
    if (d.status === 'expired') event(2, rows.at(-1)!.expiresAt!, 'deal.expired', 'approved', 'expired', null);
  });

  const byDomain = (domain: string) => rows.find((r) => r.registrableDomain === domain && r.status === 'approved')!;
  const contosoWoodgrove = rows.find((r) => r.partnerId === CT && r.registrableDomain === 'woodgrovebank.com')!;
  contosoWoodgrove.hasConflict = true;
  conflicts.push({ id: 'dcf_demo_1', dealId: contosoWoodgrove.id, conflictingDealId: byDomain('woodgrovebank.com').id, otherPartnerId: NW, reason: 'same_domain', score: 1, createdAt: contosoWoodgrove.createdAt });
  const southridge = rows.find((r) => r.registrableDomain === 'southridgevideo.com')!;
  southridge.hasConflict = true;
  conflicts.push({ id: 'dcf_demo_2', dealId: southridge.id, customerId: 'cus_demo_southridge', reason: 'existing_customer', score: 1, createdAt: southridge.createdAt });

  const customers = CUSTOMERS.map((c) => ({
    ...c,
    nameKey: nameKey(c.name),
    nameToken: nameToken(c.name),
    registrableDomain: registrableDomain(c.domain),
    source: 'crm' as const,
    createdAt: at(200),
    updatedAt: at(30),
  }));

  const notifications = demoNotifications(rows, timeline, now);
  return { customers, rows, links, timeline, conflicts, notifications };
}

const PARTNER_NAMES: Record<string, string> = { [NW]: 'Northwind Reseller', [CT]: 'Contoso Integrators' };
const MANAGER = 'usr_demo_manager';
/** How far back the demo's notification centre reaches, and what counts as unread (the last days). */
const NOTIFIED_DAYS = 60;
const UNREAD_DAYS = 3;
/** Protection ending within this many days was announced by the daily job (worker/jobs/lifecycle). */
const EXPIRING_DAYS = 14;

/** What a notification of the demo is about: the deal event as the fan-out reads it. */
export interface DemoNotice {
  type: string;
  dealId: string;
  createdBy: string;
  partnerId: string;
  customerName: string;
  partnerName: string;
  /** The decision's or the request's reason, as the event's deal data carries it. */
  reason: string | null;
  expiresAt: Date | null;
}

/**
 * The words of each notification, as worker/resources/notifications/triggers.ts writes them
 * (db/ cannot import the worker; test/node/demo-seed.test.ts checks every seeded notification
 * against the worker's own `contentFor`).
 */
export function demoNoticeContent(n: DemoNotice): { title: string; body: string; link: string } {
  const c = n.customerName;
  const day = n.expiresAt ? n.expiresAt.toISOString().slice(0, 10) : null;
  const reason = n.reason ? ` Reason: ${n.reason}` : '';
  const link = `/deals/${n.dealId}`;
  switch (n.type) {
    case 'deal.approved':
      return { title: `Registration approved: ${c}`, body: `Your registration for ${c} was approved.${day ? ` The customer is protected until ${day}.` : ''}${reason}`, link };
    case 'deal.rejected':
      return { title: `Registration rejected: ${c}`, body: `Your registration for ${c} was rejected.${reason}`, link };
    case 'deal.info_requested':
      return { title: `More information needed: ${c}`, body: `A partner manager asked for more information about your registration for ${c}.${reason} Answer on the deal's page to resubmit it.`, link };
    case 'deal.expiring':
      return { title: `Protection ends soon: ${c}`, body: `The protection of your registration for ${c} ends${day ? ` on ${day}` : ' within 14 days'}. Ask for an extension if the deal is still open.`, link };
    case 'deal.registered':
      return { title: `New registration: ${c}`, body: `${n.partnerName} registered a deal for ${c}. It is waiting in the approval queue.`, link };
    case 'deal.resubmitted':
      return { title: `Resubmitted: ${c}`, body: `${n.partnerName} answered your information request about ${c}.`, link };
    case 'deal.extension_requested':
      return { title: `Extension requested: ${c}`, body: `${n.partnerName} asked to extend the protection of ${c}.${n.reason ? ` Reason: ${n.reason}` : ''}`, link };
    default:
      throw new Error(`demo notification of type ${n.type}: no words for it`);
  }
}

/** Decisions notify the deal's creator; registrations, answers and extension requests the partner's owning manager. */
const AUDIENCE: Record<string, 'creator' | 'manager'> = {
  'deal.approved': 'creator',
  'deal.rejected': 'creator',
  'deal.info_requested': 'creator',
  'deal.registered': 'manager',
  'deal.resubmitted': 'manager',
  'deal.extension_requested': 'manager',
};

/**
 * The notification centre as the last 60 days of the demo timeline would have filled it, so the
 * bell and the notifications page show something real: each decision for the deal's creator,
 * each new registration, answer and extension request for the owning manager (registrations
 * only while they still wait), and the protection-ends-soon warning of the daily job.
 */
export function demoNotificationSources(rows: readonly (typeof schema.deals.$inferInsert)[], timeline: readonly (typeof schema.dealEvents.$inferInsert)[], now: number) {
  const byId = new Map(rows.map((r) => [r.id!, r]));
  const notice = (type: string, deal: typeof schema.deals.$inferInsert, reason: string | null): DemoNotice => ({
    type,
    dealId: deal.id!,
    createdBy: deal.createdBy!,
    partnerId: deal.partnerId,
    customerName: deal.customerName,
    partnerName: PARTNER_NAMES[deal.partnerId]!,
    reason,
    expiresAt: type === 'deal.approved' ? (deal.expiresAt ?? null) : null,
  });
  const out: { at: Date; userId: string; notice: DemoNotice }[] = [];
  for (const e of timeline) {
    const audience = AUDIENCE[e.type];
    const deal = byId.get(e.dealId)!;
    if (!audience || now - e.at.getTime() > NOTIFIED_DAYS * DAY) continue;
    if (e.type === 'deal.registered' && !['submitted', 'resubmitted', 'info_requested'].includes(deal.status!)) continue;
    out.push({ at: e.at, userId: audience === 'creator' ? deal.createdBy! : MANAGER, notice: notice(e.type, deal, e.reason ?? null) });
  }
  for (const deal of rows) {
    const ends = deal.expiresAt?.getTime();
    if (deal.status !== 'approved' || ends === undefined || ends <= now || ends - now > EXPIRING_DAYS * DAY) continue;
    out.push({ at: new Date(now - DAY), userId: deal.createdBy!, notice: { ...notice('deal.expiring', deal, null), expiresAt: deal.expiresAt! } });
  }
  return out;
}

/** The notification rows; a deal whose protection-ends-soon warning is among them is marked as warned, so the daily job does not warn twice. The last days' are unread. */
function demoNotifications(rows: (typeof schema.deals.$inferInsert)[], timeline: readonly (typeof schema.dealEvents.$inferInsert)[], now: number): (typeof schema.notifications.$inferInsert)[] {
  const sources = demoNotificationSources(rows, timeline, now);
  for (const { at, notice } of sources) if (notice.type === 'deal.expiring') rows.find((r) => r.id === notice.dealId)!.expiringNotifiedAt = at;
  return sources.map(({ at, userId, notice }, i) => ({
    id: `ntf_demo_${i + 1}`,
    userId,
    type: notice.type,
    ...demoNoticeContent(notice),
    subjectType: 'deal',
    subjectId: notice.dealId,
    dedupeKey: `demo:${notice.type}:${notice.dealId}`,
    createdAt: at,
    readAt: now - at.getTime() > UNREAD_DAYS * DAY ? new Date(at.getTime() + DAY / 2) : null,
  }));
}
