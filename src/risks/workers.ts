import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import type { Jobs } from '../jobs/queue.ts';
import { handleAcceptanceExpiry } from './acceptance-expiry.job.ts';
import { sweepRiskReviews } from './review-sweep.ts';

/** Hourly: reminders of risk reviews that fell due (once per risk and date). */
export const RISK_REVIEW_CRON = '7 * * * *';

export async function startRiskWorkers(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('risks.acceptance-expiry', async (payload) => {
    const outcome = await handleAcceptanceExpiry(database.db, payload, { jobs });
    if (outcome === 'not-due') throw new Error('acceptance expiry ran early; retried');
    logger?.info({ riskId: payload.riskId, outcome }, 'risk acceptance expiry');
  });
  await jobs.work('risks.review-sweep', async () => {
    const result = await sweepRiskReviews(database, { jobs });
    if (result.reminded + result.lapsed > 0) logger?.info(result, 'risk reviews and lapsed acceptances');
  });
  await jobs.schedule('risks.review-sweep', RISK_REVIEW_CRON, {});
}
