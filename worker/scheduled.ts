import { createDb, type Db } from '../db/client.ts';
import { dealTransition, transitionApplied, type DealTransitionPlan } from './resources/deals/transition.ts';
import { dealsToExpireQuery, dealsToWarnQuery, type LifecycleCandidate } from '../db/queries/lifecycle-jobs.ts';
import type { DealAction } from './domain/deal-lifecycle.ts';
import { dealEventData } from './domain/deal-view.ts';
import { LIFECYCLE_BATCH_SIZE, expiringHorizon } from './domain/expiry.ts';
import type { Env } from './env.ts';
import { log } from './middleware/logger.ts';
import { sweepOutbox } from './jobs/outbox-sweep.ts';
import { DAILY_CRON, runCertificationLifecycle, runTierReview } from './jobs/daily.ts';
import { runDigests, sweepMail } from './resources/notifications/mail-queue.ts';
import { runSlaWarnings } from './resources/notifications/sla-check.ts';

export interface DealLifecycleRun {
  expired: number;
  warned: number;
  /** Deals a concurrent change (e.g. a manager's extension) took first: retried next run. */
  skipped: number;
  /** A batch was full: more deals are due than one run handles. */
  more: boolean;
}

const SYSTEM = { type: 'system', id: null } as const;

/**
 * Registration expiry, as of `now`: approved deals past `expiresAt` become `expired`
 * (`deal.expired`), and approved deals expiring within 14 days get `expiringNotifiedAt` and a
 * `deal.expiring` event, once. At most LIFECYCLE_BATCH_SIZE of each per run; two round trips
 * (read both candidate lists, then one batch with every deal's update + timeline + audit +
 * outbox rows). Each deal's update is guarded by the status/updatedAt read, so a deal a
 * manager changed in between is skipped and revisited next run.
 */
export async function runDealLifecycle(db: Db, now: Date, limit = LIFECYCLE_BATCH_SIZE): Promise<DealLifecycleRun> {
  const [toExpire, toWarn] = await db.batch([dealsToExpireQuery(db, now, limit), dealsToWarnQuery(db, now, expiringHorizon(now), limit)]);
  const plans = [
    ...toExpire.map((c) => plan(db, c, 'expire', now, {})),
    ...toWarn.map((c) => plan(db, c, 'flag_expiring', now, { expiringNotifiedAt: now })),
  ];
  const run: DealLifecycleRun = { expired: 0, warned: 0, skipped: 0, more: toExpire.length === limit || toWarn.length === limit };
  if (plans.length === 0) return run;

  const results = await db.batch(plans.flatMap((p) => p.statements) as unknown as Parameters<Db['batch']>[0]);
  let offset = 0;
  for (const p of plans) {
    const applied = transitionApplied(results[offset]);
    offset += p.statements.length;
    if (!applied) run.skipped++;
    else if (p.event === 'deal.expired') run.expired++;
    else run.warned++;
  }
  return run;
}

function plan(db: Db, { deal, products, partnerName }: LifecycleCandidate, action: DealAction, now: Date, patch: { expiringNotifiedAt?: Date }): DealTransitionPlan {
  const after = { ...deal, ...patch, status: action === 'expire' ? ('expired' as const) : deal.status, updatedAt: now };
  return dealTransition(db, {
    deal,
    action,
    by: 'system',
    actor: SYSTEM,
    at: now,
    patch,
    details: { expiresAt: deal.expiresAt?.toISOString() ?? null },
    eventData: dealEventData(after, products, { id: deal.partnerId, name: partnerName }),
  });
}

/**
 * The cron trigger (wrangler.toml `crons`): lifecycle jobs, then the outbox sweep. Each job is
 * guarded on its own so a failing lifecycle run never stops webhooks from going out; the
 * handler still fails afterwards so the failure shows in Workers' cron history.
 */
export const scheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  const db = createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
  const now = new Date(controller.scheduledTime);
  const failures: unknown[] = [];
  try {
    const deals = await runDealLifecycle(db, now);
    log('info', 'cron: deal lifecycle', { cron: controller.cron, scheduledTime: now.toISOString(), ...deals });
  } catch (err) {
    failures.push(err);
    log('error', 'cron: deal lifecycle failed', { cron: controller.cron, error: String(err) });
  }
  if (controller.cron === DAILY_CRON) {
    // Certifications first, so the tier review counts only what is still valid today.
    for (const [name, job] of [['certification lifecycle', runCertificationLifecycle], ['tier review', runTierReview]] as const) {
      try {
        const result = await job(db, now);
        log('info', `cron: ${name}`, { cron: controller.cron, scheduledTime: now.toISOString(), ...result });
      } catch (err) {
        failures.push(err);
        log('error', `cron: ${name} failed`, { cron: controller.cron, error: String(err) });
      }
    }
  }
  try {
    // After the lifecycle jobs, so the events they just wrote go out in this run.
    const outbox = await sweepOutbox(env, now);
    log('info', 'cron: outbox sweep', { cron: controller.cron, ...outbox });
  } catch (err) {
    failures.push(err);
    log('error', 'cron: outbox sweep failed', { cron: controller.cron, error: String(err) });
  }
  // Notification jobs: SLA warnings, lost mail re-queued, daily digests; each guarded alone.
  const jobs = { slaWarnings: () => runSlaWarnings(env, now), mailResent: () => sweepMail(env, now), digests: () => runDigests(env, now) };
  for (const [name, job] of Object.entries(jobs)) {
    try {
      log('info', `cron: ${name}`, { cron: controller.cron, count: await job() });
    } catch (err) {
      failures.push(err);
      log('error', `cron: ${name} failed`, { cron: controller.cron, error: String(err) });
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} cron ${failures.length === 1 ? 'job' : 'jobs'} failed`);
};
