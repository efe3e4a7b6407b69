import { and, eq } from 'drizzle-orm';
import { type ArticleLinkKind, articleLinks } from '../../db/schema/knowledge.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { NotFound } from '../../server/errors.ts';
import { type TicketKey, ticketNumberOf } from '../../server/http.ts';
import { assertCanArticle } from '../policy.ts';
import { assertLinkTarget, findVisibleArticle, ticketIdByNumber } from '../queries.ts';
import { auditArticle } from './common.ts';

/** A link target by id, or a ticket by its number (ACME-42), resolved inside the transaction. */
export type LinkTarget = { kind: ArticleLinkKind; targetId: string } | { kind: 'ticket'; ticket: TicketKey };

/** Links an article to a service, ticket, asset or problem of the same workspace (idempotent). */
export async function linkArticle(ctx: WorkspaceContext, number: number, target: LinkTarget) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const article = await findVisibleArticle(tx, ctx.actor, number);
      assertCanArticle(ctx.actor, 'link', article);
      const link = {
        kind: target.kind,
        targetId:
          'ticket' in target
            ? await ticketIdByNumber(tx, ctx.actor, ticketNumberOf(ctx.actor, target.ticket))
            : target.targetId,
      };
      await assertLinkTarget(tx, ctx.actor, link.kind, link.targetId);
      const inserted = await tx
        .insert(articleLinks)
        .values({
          workspaceId: ctx.actor.workspaceId,
          articleId: article.id,
          kind: link.kind,
          targetId: link.targetId,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .onConflictDoNothing()
        .returning();
      if (inserted.length > 0) await auditArticle(tx, ctx, 'article.linked', article.id, undefined, link);
      return { created: inserted.length > 0, link };
    },
    ctx.meta,
  );
}

export async function unlinkArticle(
  ctx: WorkspaceContext,
  number: number,
  link: { kind: ArticleLinkKind; targetId: string },
) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const article = await findVisibleArticle(tx, ctx.actor, number);
      assertCanArticle(ctx.actor, 'link', article);
      const removed = await tx
        .delete(articleLinks)
        .where(
          and(
            eq(articleLinks.articleId, article.id),
            eq(articleLinks.kind, link.kind),
            eq(articleLinks.targetId, link.targetId),
          ),
        )
        .returning();
      if (removed.length === 0) throw new NotFound('This article has no such link.');
      await auditArticle(tx, ctx, 'article.unlinked', article.id, link, undefined);
    },
    ctx.meta,
  );
}
