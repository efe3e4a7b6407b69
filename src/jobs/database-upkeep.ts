import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import { analyzeWhereNeeded, vacuumEveryTable } from '../db/upkeep.ts';
import type { Jobs } from './queue.ts';

/** Hourly: statistics for the tables that grew or shrank since their last ANALYZE. */
export const ANALYZE_CRON = '23 * * * *';
/** Nightly at 03:40 UTC: every table vacuumed (dead rows and their index entries cleared, transaction ids frozen). */
export const VACUUM_CRON = '40 3 * * *';

/**
 * The embedded database's upkeep: statistics hourly (and once after start, cli/serve.ts) and a
 * nightly vacuum. PostgreSQL servers keep autovacuum on instead (docs/operations.md).
 */
export async function startDatabaseUpkeep(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  if (database.kind !== 'pglite') return;
  await jobs.work('database.analyze', () => refreshStatistics(database, logger));
  await jobs.work('database.vacuum', async () => {
    const tables = await vacuumEveryTable(database);
    logger?.info({ tables }, 'database vacuumed');
  });
  await jobs.schedule('database.analyze', ANALYZE_CRON, {});
  await jobs.schedule('database.vacuum', VACUUM_CRON, {});
}

/** The embedded database's statistics where they are missing or stale (PostgreSQL: nothing to do). */
export async function refreshStatistics(database: DatabaseHandle, logger?: Logger) {
  if (database.kind !== 'pglite') return;
  const analyzed = await analyzeWhereNeeded(database);
  if (analyzed.length > 0) logger?.info({ tables: analyzed }, 'database statistics refreshed');
}
