import type { Logger } from 'pino';
import type { Database, DatabaseHandle } from '../db/client.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, BACKFILL_DAYS, dayRange, isoDay } from '../domain/measures.ts';
import type { Jobs } from '../jobs/queue.ts';
import { computeHistoricMeasures } from '../reviews/measures.ts';
import { writeSnapshots } from '../reviews/snapshots.ts';
import { type SimulationOptions, type SimulationReport, simulate } from './engine.ts';

/**
 * Recomputes the stored daily figures of a workspace from its records over the backfill span (up to
 * yesterday): after history was added behind an earlier snapshot (the simulation), the trends show it.
 */
export async function refreshSnapshots(db: Database, workspaceId: string, from: string, now = new Date()) {
  const to = addDays(isoDay(now), -1);
  const start = [from, addDays(to, 1 - BACKFILL_DAYS)].sort().at(-1)!;
  if (start > to) return 0;
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const values = await computeHistoricMeasures(tx, workspaceId, dayRange(start, to));
    await writeSnapshots(tx, workspaceId, values);
    return values.length;
  });
}

/** Simulates a workspace's history, then refreshes its snapshots so the measures show it. */
export async function buildHistory(db: Database, options: SimulationOptions): Promise<SimulationReport> {
  const report = await simulate(db, options);
  await refreshSnapshots(db, report.workspaceId, report.from);
  return report;
}

/**
 * The demo's history as a durable job (`simulation.history`), run after the server is ready: the
 * simulation of months on the embedded database takes minutes, start-up must take seconds.
 */
export async function startSimulationWorker(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('simulation.history', async (payload) => {
    const started = Date.now();
    const report = await buildHistory(database.db, {
      slug: payload.slug,
      months: payload.months,
      seed: payload.seed,
      onDay: (done, total, day) => {
        if (done % 30 === 0 || done === total)
          logger?.info({ slug: payload.slug, done, total, day }, 'history');
      },
    });
    logger?.info({ ...payload, ...report, ms: Date.now() - started }, 'demo history built');
  });
}
