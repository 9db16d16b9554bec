import { createDb } from '../../../db/client.ts';
import { pendingDecisionsQuery, staffCandidatesQuery } from '../../../db/queries/notifications.ts';
import { programSettingsQuery, toProgramSettings } from '../../../db/queries/settings.ts';
import { slaStatus } from '../../domain/business-time.ts';
import type { Env } from '../../env.ts';
import { deliveryStatements, toCandidate, type Delivery } from './fan-out.ts';
import { sendMailMessages } from './mail-queue.ts';
import { owningManagers, slaDueContent } from './triggers.ts';

export const SLA_CHECK_LIMIT = 500;

/**
 * Cron: registrations whose approval SLA is about to be missed (the queue's "due soon": under a
 * quarter of the SLA left, business time) notify the partner's owning manager, or every
 * manager. Once per submission: the dedupe key names the deal and its submission time.
 * Two round trips: one read, one write.
 */
export async function runSlaWarnings(env: Env, now = new Date()): Promise<number> {
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const [pending, staffRows, settingRows] = await db.batch([pendingDecisionsQuery(db, SLA_CHECK_LIMIT), staffCandidatesQuery(db), programSettingsQuery(db)]);
  const sla = toProgramSettings(settingRows).approvalSlaBusinessDays;
  const staff = staffRows.map(toCandidate);
  const deliveries: Delivery[] = [];
  for (const deal of pending) {
    const status = slaStatus(deal.submittedAt.getTime(), now.getTime(), sla);
    if (status.state !== 'due_soon') continue;
    const content = slaDueContent({ id: deal.id, customerName: deal.customerName, partnerName: deal.partnerName, dueAt: status.dueAt });
    for (const recipient of owningManagers(deal.partnerOwnerId, staff)) {
      deliveries.push({ recipient, type: 'deal.sla_due', ...content, subjectType: 'deal', subjectId: deal.id, dedupeKey: `sla:${deal.id}:${deal.submittedAt.getTime()}` });
    }
  }
  if (deliveries.length === 0) return 0;
  const { statements, created } = deliveryStatements(db, deliveries, env.PORTAL_URL, now);
  const results = await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  await sendMailMessages(env, created(results));
  return deliveries.length;
}
