import { inject } from 'vitest';
import type { Db } from '../../db/client.ts';
import { events } from '../../db/schema/index.ts';
import { newId } from '../../worker/lib/ids.ts';
import type { ReceivedRequest, ReceiverStep } from '../setup/global-receiver.ts';

// ---- the test receiver ---------------------------------------------------------------------

let pathCounter = 0;
/** A receiver path of its own for one test. */
export function receiverPath(name: string): string {
  return `/r/${name}-${Date.now().toString(36)}-${pathCounter++}`;
}
export const receiverUrl = (path: string) => `${inject('webhookReceiverUrl')}${path}`;

export async function script(path: string, responses: ReceiverStep[], otherwise?: ReceiverStep) {
  const res = await fetch(`${inject('webhookReceiverUrl')}/-/script?path=${encodeURIComponent(path)}`, {
    method: 'POST',
    body: JSON.stringify({ responses, otherwise }),
  });
  if (!res.ok) throw new Error(`receiver script: ${res.status}`);
}

export async function received(path: string): Promise<ReceivedRequest[]> {
  const res = await fetch(`${inject('webhookReceiverUrl')}/-/received?path=${encodeURIComponent(path)}`);
  return (await res.json()) as ReceivedRequest[];
}

// ---- outbox rows, as the deals code commits them --------------------------------------------

/** Inserts an outbox event for a deal, committed but never enqueued (as after a crash). */
export async function insertDealEvent(db: Db, type: string, dealId = 'dl_test', occurredAt = new Date()): Promise<string> {
  const id = newId('evt');
  await db.insert(events).values({
    id,
    type,
    occurredAt,
    partnerId: 'prt_northwind',
    subjectType: 'deal',
    subjectId: dealId,
    data: { id: dealId, status: 'approved', customerName: 'Acme Retail Ltd', partner: { id: 'prt_northwind', name: 'Northwind Reseller' } },
    enqueuedAt: null,
  });
  return id;
}
