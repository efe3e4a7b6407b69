import { and, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/record.ts';
import { type DatabaseHandle, selectRows } from '../../db/client.ts';
import { articles } from '../../db/schema/knowledge.ts';
import { workspaces } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import type { Jobs } from '../../jobs/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { systemMeta } from '../../server/context.ts';
import { today } from './common.ts';

export type ReminderSweepResult = { workspaces: number; reminded: number };

/**
 * The review sweep: each live article whose review date has come gets one reminder for that
 * date (an audit event and a notification to its reviewer, or to the owner party's leads when
 * none is named; e-mail follows each person's preferences). The claim is a conditional update,
 * and the notification's dedupe key names the date, so several instances never remind twice.
 */
export async function sweepReviewReminders(
  database: DatabaseHandle,
  options: { jobs: Jobs; now?: Date },
): Promise<ReminderSweepResult> {
  const day = today(options.now);
  // Which workspaces have work, through a narrow owner function (row-level security hides other
  // workspaces from the application role); each is then handled in its own RLS scope.
  const due = await selectRows<{ workspace_id: string }>(
    database.db,
    sql`select workspace_id from tandem_workspaces_with_due_reviews(${day}::date)`,
  );
  let reminded = 0;
  for (const { workspace_id: workspaceId } of due) {
    reminded += await withScopedTx(database.db, { workspaceId, accountId: null }, async (tx) => {
      const claimed = await tx
        .update(articles)
        .set({ reviewRemindedOn: sql`${articles.reviewDueOn}` })
        .where(
          and(
            eq(articles.workspaceId, workspaceId),
            inArray(articles.status, ['published', 'needs_review']),
            isNotNull(articles.reviewDueOn),
            lte(articles.reviewDueOn, day),
            or(isNull(articles.reviewRemindedOn), ne(articles.reviewRemindedOn, articles.reviewDueOn)),
          ),
        )
        .returning();
      if (claimed.length === 0) return 0;
      const [workspace] = await tx
        .select({ slug: workspaces.slug })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      for (const article of claimed) {
        await recordAudit(tx, systemMeta('knowledge.review-sweep'), {
          workspaceId,
          actorAccountId: null,
          actorMembershipId: null,
          action: 'article.review_due',
          entityType: 'article',
          entityId: article.id,
          after: { number: article.number, reviewDueOn: article.reviewDueOn },
        });
        await notify(
          tx,
          { workspaceId, jobs: options.jobs },
          {
            event: 'article.review_due',
            recipients: article.reviewerMembershipId
              ? [{ membershipId: article.reviewerMembershipId }]
              : [{ partyId: article.ownerPartyId, roles: ['lead'] }],
            subject: `Review due: KB-${article.number} ${article.title}`,
            body: `Due for review since ${article.reviewDueOn}. Check it still holds, then set a new review date.`,
            link: workspace ? `/w/${workspace.slug}/knowledge/KB-${article.number}` : null,
            dedupeKey: `article.review_due:${article.id}:${article.reviewDueOn}`,
            data: { article: `KB-${article.number}`, reviewDueOn: article.reviewDueOn },
          },
        );
      }
      return claimed.length;
    });
  }
  return { workspaces: due.length, reminded };
}
