import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { auditLog, dealEvents, dealProducts, deals, events } from '../../db/schema/index.ts';
import type { DealStatus } from '../../db/schema/deal-enums.ts';
import { newId } from '../../worker/lib/ids.ts';

export const DAY = 86_400_000;

/** Direct database access for arranging rows and checking what a request committed. */
export function directDb(url: string): Db {
  return createDb({ url });
}

export interface DealSeed {
  partnerId?: string;
  status?: DealStatus;
  customerName?: string;
  submittedAt?: Date;
  expiresAt?: Date | null;
  approvedAt?: Date | null;
  expiringNotifiedAt?: Date | null;
  extensionRequestedAt?: Date | null;
  hasConflict?: boolean;
  estimatedValueMinor?: number;
  currency?: string;
  firstDecisionAt?: Date | null;
  wonAmountMinor?: number | null;
  closeDate?: string | null;
  /** Default: the submission time. */
  createdAt?: Date;
}

/** Inserts a deal (Northwind's by default) with one product, as registration would have. */
export async function seedDeal(db: Db, seed: DealSeed = {}): Promise<string> {
  const id = newId('dl');
  const submittedAt = seed.submittedAt ?? new Date(Date.now() - DAY);
  const name = seed.customerName ?? `Customer ${id}`;
  await db.batch([
    db.insert(deals).values({
      id,
      partnerId: seed.partnerId ?? 'prt_northwind',
      createdBy: null,
      customerName: name,
      customerNameKey: name.toLowerCase(),
      customerDomain: `${id.replace('_', '-')}.example`,
      registrableDomain: `${id.replace('_', '-')}.example`,
      contactName: 'Pat Buyer',
      contactEmail: 'pat@customer.example',
      country: 'DE',
      estimatedValueMinor: seed.estimatedValueMinor ?? 1_250_000,
      currency: seed.currency ?? 'EUR',
      expectedCloseDate: '2027-03-31',
      status: seed.status ?? 'submitted',
      hasConflict: seed.hasConflict ?? false,
      submittedAt,
      approvedAt: seed.approvedAt ?? null,
      expiresAt: seed.expiresAt ?? null,
      expiringNotifiedAt: seed.expiringNotifiedAt ?? null,
      extensionRequestedAt: seed.extensionRequestedAt ?? null,
      firstDecisionAt: seed.firstDecisionAt ?? null,
      wonAmountMinor: seed.wonAmountMinor ?? null,
      closeDate: seed.closeDate ?? null,
      createdAt: seed.createdAt ?? submittedAt,
      updatedAt: submittedAt,
    }),
    db.insert(dealProducts).values({ dealId: id, productId: 'prd_platform' }),
  ]);
  return id;
}

/** The deal row plus everything committed about it: timeline, audit entries, outbox events. */
export async function dealRecord(db: Db, id: string) {
  const [deal, timeline, audit, outbox] = await db.batch([
    db.select().from(deals).where(eq(deals.id, id)),
    db.select().from(dealEvents).where(eq(dealEvents.dealId, id)).orderBy(dealEvents.at),
    db.select().from(auditLog).where(eq(auditLog.objectId, id)).orderBy(auditLog.at),
    db.select().from(events).where(eq(events.subjectId, id)).orderBy(events.occurredAt),
  ]);
  return { deal: deal[0]!, timeline, audit, outbox };
}

/** Asserts an RFC 9457 problem document with the given status. */
export function expectProblem(res: { status: number; headers: Headers; body: any }, status: number) {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status, type: 'application/problem+json' });
  expect(res.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
}
