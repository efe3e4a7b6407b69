import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type DatabaseHandle, selectRows } from '../db/client.ts';
import type { Jobs } from '../jobs/queue.ts';
import { detectRecurrence } from './recurrence.ts';

/** Every night at 02:30 (server time) each workspace's recent tickets are grouped again. */
export const RECURRENCE_CRON = '30 2 * * *';

/**
 * Runs the recurrence job in the worker (never in a request). A null workspace means every
 * workspace: the schedule's sweep.
 */
export async function startRecurrenceWorker(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('problems.detect-recurrence', async ({ workspaceId }) => {
    const ids = workspaceId ? [workspaceId] : await listWorkspaceIds(database);
    for (const id of ids) {
      const result = await detectRecurrence(database.db, id, {
        chunkedTransactions: database.kind === 'pglite',
      });
      logger?.info({ workspaceId: id, ...result }, 'recurrence detection finished');
    }
  });
  await jobs.schedule('problems.detect-recurrence', RECURRENCE_CRON, { workspaceId: null });
}

// The nightly sweep must visit every workspace: their ids come from a narrow owner function (row-level
// security hides other workspaces from the application role); each visit runs in its own scope.
async function listWorkspaceIds(database: DatabaseHandle) {
  const rows = await selectRows<{ id: string }>(database.db, sql`select id from tandem_workspace_ids()`);
  return rows.map((r) => r.id);
}
