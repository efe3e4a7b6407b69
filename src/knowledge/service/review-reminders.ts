import { and, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/record.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { articles } from '../../db/schema/knowledge.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { type Mailer, systemMeta } from '../../server/context.ts';
import { today } from './common.ts';

export type ReminderSweepResult = { workspaces: number; reminded: number };

/**
 * The daily review sweep: each live article whose review date has come gets one reminder for
 * that date (an audit event, and an e-mail to its reviewer, or to the owner party's leads, when
 * mail is set up). The claim is a conditional update, so two instances never remind twice.
 */
export async function sweepReviewReminders(
  database: DatabaseHandle,
  options: { mailer?: Mailer | null | undefined; publicUrl?: string | undefined; now?: Date } = {},
): Promise<ReminderSweepResult> {
  const day = today(options.now);
  // Unscoped on purpose: only to learn which workspaces have work; each is then handled in its own RLS scope.
  const due = await database.unsafeOwnerQuery<{ workspace_id: string }>(
    `select distinct workspace_id from articles
      where status in ('published', 'needs_review') and review_due_on <= $1::date
        and (review_reminded_on is null or review_reminded_on <> review_due_on)`,
    [day],
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
      for (const article of claimed) {
        const recipients = await tx
          .select({ email: accounts.email })
          .from(memberships)
          .innerJoin(accounts, eq(accounts.id, memberships.accountId))
          .where(
            and(
              eq(memberships.workspaceId, workspaceId),
              eq(memberships.status, 'active'),
              article.reviewerMembershipId
                ? eq(memberships.id, article.reviewerMembershipId)
                : and(eq(memberships.partyId, article.ownerPartyId), eq(memberships.role, 'lead')),
            ),
          );
        await recordAudit(tx, systemMeta('knowledge.review-sweep'), {
          workspaceId,
          actorAccountId: null,
          actorMembershipId: null,
          action: 'article.review_due',
          entityType: 'article',
          entityId: article.id,
          after: { number: article.number, reviewDueOn: article.reviewDueOn, recipients: recipients.length },
        });
        for (const r of options.mailer ? recipients : []) {
          await options.mailer!.send(tx, {
            to: r.email,
            subject: `Review due: KB-${article.number} ${article.title}`,
            text: `The article "${article.title}" was due for review on ${article.reviewDueOn}.\n\nCheck it still holds, then set a new review date${options.publicUrl ? `:\n${options.publicUrl}` : '.'}`,
          });
        }
      }
      return claimed.length;
    });
  }
  return { workspaces: due.length, reminded };
}
