import { desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { recurrenceRuns } from '../db/schema/problems.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { assertCanProblem } from './policy.ts';

/** Runs of the recurrence job: asked for by staff, listed with their figures. */

/** Staff ask for a run now: it is queued for the job worker, never run inside the request. */
export async function requestRecurrenceRun(ctx: WorkspaceContext) {
  assertCanProblem(ctx.actor, 'runDetection');
  const jobs = ctx.jobs;
  if (!jobs)
    throw new AppError(503, 'JOBS_UNAVAILABLE', 'The background job worker is not running on this server.');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await jobs.enqueue(
      tx,
      'problems.detect-recurrence',
      { workspaceId: ctx.actor.workspaceId },
      { singletonKey: `recurrence:${ctx.actor.workspaceId}` },
    );
    await recordAudit(tx, ctx.meta, {
      workspaceId: ctx.actor.workspaceId,
      actorAccountId: ctx.actor.accountId,
      actorMembershipId: ctx.actor.membershipId,
      action: 'recurrence.run_requested',
      entityType: 'recurrence_run',
      entityId: null,
    });
  });
}

export async function listRecurrenceRuns(ctx: WorkspaceContext) {
  assertCanProblem(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(recurrenceRuns)
      .where(eq(recurrenceRuns.workspaceId, ctx.actor.workspaceId))
      .orderBy(desc(recurrenceRuns.startedAt))
      .limit(10),
  );
}
