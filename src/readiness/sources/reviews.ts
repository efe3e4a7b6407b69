import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { serviceReviews } from '../../db/schema/reviews.ts';
import { serviceReviewKey } from '../../domain/measures.ts';

export type HeldReview = { heldAt: Date; link: string };

/** The most recent service review that was held (src/reviews), for the Metrics check. */
export async function findLastHeldReview(
  tx: Tx,
  workspaceId: string,
  base: string,
): Promise<HeldReview | null> {
  const [review] = await tx
    .select({ number: serviceReviews.number, heldAt: serviceReviews.heldAt })
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
  return review?.heldAt
    ? { heldAt: review.heldAt, link: `${base}/reviews/${serviceReviewKey(review.number)}` }
    : null;
}
