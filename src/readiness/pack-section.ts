import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { assessReadiness, type ReadinessStatus, readinessSummary } from '../domain/readiness.ts';
import type { PackSection } from '../reviews/contract.ts';
import { gatherReadinessFacts } from './facts.ts';

const STATUS_WORDS: Record<ReadinessStatus, string> = {
  met: 'met',
  partly: 'partly met',
  not_met: 'not met',
};

/**
 * The service review pack's readiness section: the leaders' ten checks as they stand when the
 * pack is built (and frozen with it when the review is held). The composition root hands this to
 * the reviews area, which does not import readiness.
 */
export async function readinessPackSection(
  tx: Tx,
  workspaceId: string,
  now: Date,
): Promise<PackSection | null> {
  const [workspace] = await tx
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!workspace) return null;
  const base = `/w/${workspace.slug}`;
  const checks = assessReadiness(await gatherReadinessFacts(tx, workspaceId, base, now), base, now);
  const { met, partly, notMet } = readinessSummary(checks);
  return {
    id: 'readiness',
    title: 'Readiness checklist',
    summary: `${met} of ${checks.length} checks met, ${partly} partly met, ${notMet} not met.`,
    figures: [],
    charts: [],
    items: checks.map((c) => ({
      key: null,
      title: `${c.title}: ${STATUS_WORDS[c.status]}`,
      detail: c.nextAction ? `${c.summary} Next: ${c.nextAction}` : c.summary,
      path: `${base}/readiness`,
    })),
  };
}
