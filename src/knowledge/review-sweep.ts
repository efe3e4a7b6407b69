import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/context.ts';
import { sweepReviewReminders } from './service/review-reminders.ts';

const FIRST_SWEEP_MS = 60_000;
const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Runs the review-reminder sweep an minute after start and then hourly, in every instance of a
 * real server (test apps without a job queue skip it); the sweep's claim makes repeats harmless.
 */
export function startReviewSweep(app: FastifyInstance, deps: AppDeps) {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      const result = await sweepReviewReminders(deps.database, { jobs: deps.jobs });
      if (result.reminded > 0) deps.logger?.info(result, 'article review reminders sent');
    } catch (error) {
      deps.logger?.warn({ err: error }, 'article review sweep failed; retried at the next run');
    }
    timer = setTimeout(run, SWEEP_EVERY_MS);
    timer.unref();
  };
  app.addHook('onReady', async () => {
    timer = setTimeout(run, FIRST_SWEEP_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearTimeout(timer));
}
