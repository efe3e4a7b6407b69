import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { buildChecklist, offboardingClause } from './checklist.ts';
import type { ExitPlan } from './contract.ts';
import { assertCanExit, exitAbilities } from './policy.ts';
import { presentRun } from './presenter.ts';
import { lastVerifiedExport, listRuns } from './runs.ts';

/** The exit-plan page: the offboarding clause, the checklist from the records, and the runs. */
export async function getExitPlan(ctx: WorkspaceContext): Promise<ExitPlan> {
  assertCanExit(ctx.actor, 'view');
  const runs = await listRuns(ctx);
  const verified = await lastVerifiedExport(ctx.db, ctx.actor.workspaceId);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const clause = await offboardingClause(tx, ctx.actor.workspaceId);
    const checklist = await buildChecklist(
      tx,
      { id: ctx.actor.workspaceId, slug: ctx.actor.workspaceSlug, ticketPrefix: ctx.actor.ticketPrefix },
      verified,
    );
    return {
      offboardingClause: { recorded: clause.recorded, text: clause.text },
      checklist,
      lastVerifiedExport: verified ? presentRun(ctx.actor, verified) : null,
      runs: runs.map((r) => presentRun(ctx.actor, r)),
      abilities: exitAbilities(ctx.actor),
    };
  });
}
