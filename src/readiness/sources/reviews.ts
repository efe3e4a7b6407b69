import { and, desc, eq, gt, isNotNull, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { serviceReviews } from '../../db/schema/reviews.ts';
import { serviceReviewKey } from '../../domain/measures.ts';

export type ReviewFacts = {
  lastHeldAt: Date | null;
  link: string | null;
  /** The latest review not yet held, of a period after the last one held: the next one to hold. */
  draft: { key: string; link: string } | null;
};

/** The most recent service review held and the latest still in draft (src/reviews), for the Metrics check. */
export async function findReviewFacts(tx: Tx, workspaceId: string, base: string): Promise<ReviewFacts> {
  const linkOf = (number: number) => `${base}/reviews/${serviceReviewKey(number)}`;
  const [held] = await tx
    .select({
      number: serviceReviews.number,
      heldAt: serviceReviews.heldAt,
      periodStart: serviceReviews.periodStart,
    })
    .from(serviceReviews)
    .where(
      and(
        eq(serviceReviews.workspaceId, workspaceId),
        eq(serviceReviews.status, 'held'),
        isNotNull(serviceReviews.heldAt),
      ),
    )
    .orderBy(desc(serviceReviews.heldAt))
    .limit(1);
  const [draft] = await tx
    .select({ number: serviceReviews.number })
    .from(serviceReviews)
    .where(
      and(
        eq(serviceReviews.workspaceId, workspaceId),
        ne(serviceReviews.status, 'held'),
        // A draft left behind by a later review held is not the next one to hold.
        held ? gt(serviceReviews.periodStart, held.periodStart) : undefined,
      ),
    )
    .orderBy(desc(serviceReviews.periodStart))
    .limit(1);
  return {
    lastHeldAt: held?.heldAt ?? null,
    link: held ? linkOf(held.number) : null,
    draft: draft ? { key: serviceReviewKey(draft.number), link: linkOf(draft.number) } : null,
  };
}
