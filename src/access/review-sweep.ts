import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { accessReviewLines, accessReviews } from '../db/schema/access.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { reviewKey } from '../domain/access.ts';
import type { Jobs } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { systemMeta } from '../server/context.ts';

const SWEEP_BATCH = 500;

/**
 * Escalates undecided lines of campaigns past their due date, once per line: the reviewer and
 * the internal lead are notified and the line remembers when. A second sweep finds nothing new.
 */
export async function sweepOverdueReviewLines(
  deps: { database: DatabaseHandle; jobs: Jobs },
  now = new Date(),
): Promise<number> {
  // Unscoped on purpose: the sweep finds overdue lines of every workspace; each is escalated in its own scope.
  const due = await deps.database.unsafeOwnerQuery<{ workspace_id: string; review_id: string }>(
    `select distinct l.workspace_id, l.review_id from access_review_lines l
       join access_reviews r on r.id = l.review_id
      where r.status = 'open' and r.due_at < $1 and l.outcome is null and l.escalated_at is null
      limit $2`,
    [now, SWEEP_BATCH],
  );
  let escalated = 0;
  for (const { workspace_id: workspaceId, review_id: reviewId } of due) {
    escalated += await withScopedTx(deps.database.db, { workspaceId, accountId: null }, async (tx) => {
      const [review] = await tx.select().from(accessReviews).where(eq(accessReviews.id, reviewId));
      if (review?.status !== 'open' || review.dueAt >= now) return 0;
      const lines = await tx
        .update(accessReviewLines)
        .set({ escalatedAt: now })
        .where(
          and(
            eq(accessReviewLines.reviewId, reviewId),
            isNull(accessReviewLines.outcome),
            isNull(accessReviewLines.escalatedAt),
          ),
        )
        .returning();
      if (lines.length === 0) return 0;
      const [workspace] = await tx
        .select({ slug: workspaces.slug })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      const key = reviewKey(review.number);
      await recordAudit(tx, systemMeta('access.review-sweep'), {
        workspaceId,
        actorAccountId: null,
        actorMembershipId: null,
        action: 'access.review_lines_escalated',
        entityType: 'access_review',
        entityId: reviewId,
        after: { lines: lines.map((l) => l.id), dueAt: review.dueAt },
      });
      const reviewers = [...new Set(lines.map((l) => l.reviewerMembershipId))];
      await notify(
        tx,
        { workspaceId, jobs: deps.jobs },
        {
          event: 'access.review.line_overdue',
          recipients: [
            ...reviewers.map((membershipId) => ({ membershipId })),
            { partyKind: 'internal', roles: ['lead'] },
          ],
          subject: `${key} "${review.title}": ${lines.length} line(s) overdue`,
          body: `The review was due at ${review.dueAt.toISOString()}; ${lines.length} account(s) still wait for a decision.`,
          link: `/w/${workspace?.slug ?? ''}/access/reviews/${key}`,
          dedupeKey: `access.review.line_overdue:${reviewId}:${now.toISOString()}`,
          data: { review: key, lines: lines.length },
        },
      );
      return lines.length;
    });
  }
  return escalated;
}
