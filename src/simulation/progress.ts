import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { type HistoryBuild, historyBuilds } from '../db/schema/simulation.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { WorkspaceContext } from '../server/context.ts';
import type { HistoryBuildView } from './contract.ts';
import { assertCanSimulation } from './policy.ts';

/**
 * The workspace's latest background build (the one its home and reviews speak of and serve resumes),
 * if any: `tandem simulate` runs are recorded too (origin 'cli') but are their caller's to watch.
 */
export async function latestBuild(tx: Tx, workspaceId: string): Promise<HistoryBuild | null> {
  const [build] = await tx
    .select()
    .from(historyBuilds)
    .where(and(eq(historyBuilds.workspaceId, workspaceId), eq(historyBuilds.origin, 'demo')))
    .orderBy(desc(historyBuilds.createdAt))
    .limit(1);
  return build ?? null;
}

export const presentBuild = (b: HistoryBuild): HistoryBuildView => ({
  state: b.state,
  months: b.months,
  fromDay: b.fromDay,
  untilDay: b.untilDay,
  daysDone: b.daysDone,
  daysTotal: b.daysTotal,
  error: b.error,
  finishedAt: b.finishedAt?.toISOString() ?? null,
});

/** How far the workspace's simulated history is built (the home's progress bar polls it). */
export async function getHistoryBuild(ctx: WorkspaceContext) {
  assertCanSimulation(ctx.actor, 'view');
  const build = await withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    latestBuild(tx, ctx.actor.workspaceId),
  );
  return { build: build ? presentBuild(build) : null };
}
