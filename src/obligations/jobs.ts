import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type DatabaseHandle, selectRows } from '../db/client.ts';
import { obligations } from '../db/schema/obligations.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addDays, GENERATE_AHEAD_DAYS, localDate } from '../domain/obligations.ts';
import type { Jobs } from '../jobs/queue.ts';
import { generateOccurrences } from './service/common.ts';
import { sweepObligations } from './sweep.ts';

/** Every night occurrences are topped up to 90 days ahead; every minute overdue ones escalate. */
export const GENERATE_CRON = '15 1 * * *';
export const SWEEP_CRON = '* * * * *';

/**
 * Creates the occurrences ahead: one obligation, one workspace, or every workspace (the nightly
 * run). Safe to run twice at once: the unique key (obligation, date) drops duplicates.
 */
export async function generateAhead(
  database: DatabaseHandle,
  target: { workspaceId: string | null; obligationId: string | null },
  options: { now?: Date; aheadDays?: number } = {},
) {
  const now = options.now ?? new Date();
  const ahead = options.aheadDays ?? GENERATE_AHEAD_DAYS;
  // Which workspaces have work comes from a narrow tandem_definer function; each is handled in its own scope.
  const workspaceIds = target.workspaceId
    ? [target.workspaceId]
    : (
        await selectRows<{ workspace_id: string }>(
          database.db,
          sql`select workspace_id from tandem_workspaces_with_active_obligations()`,
        )
      ).map((r) => r.workspace_id);
  let created = 0;
  for (const workspaceId of workspaceIds)
    created += await withScopedTx(database.db, { workspaceId, accountId: null }, async (tx) => {
      const list = await tx
        .select()
        .from(obligations)
        .where(
          and(
            eq(obligations.workspaceId, workspaceId),
            eq(obligations.status, 'active'),
            target.obligationId ? eq(obligations.id, target.obligationId) : undefined,
          ),
        );
      return generateOccurrences(tx, list, (o) => addDays(localDate(now, o.timeZone), ahead));
    });
  return { workspaces: workspaceIds.length, created };
}

export async function startObligationWorkers(jobs: Jobs, database: DatabaseHandle, logger?: Logger) {
  await jobs.work('obligations.generate', async (payload) => {
    const result = await generateAhead(database, payload);
    if (result.created > 0) logger?.info(result, 'obligation occurrences created');
  });
  await jobs.work('obligations.sweep', async () => {
    const result = await sweepObligations(database, { jobs });
    if (result.overdue + result.missed > 0) logger?.info(result, 'obligations escalated');
  });
  await jobs.schedule('obligations.generate', GENERATE_CRON, { workspaceId: null, obligationId: null });
  await jobs.schedule('obligations.sweep', SWEEP_CRON, {});
}
