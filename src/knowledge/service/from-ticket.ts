import { and, eq, inArray } from 'drizzle-orm';
import type { ArticleType } from '../../db/schema/knowledge.ts';
import { services } from '../../db/schema/responsibility.ts';
import { ticketComments } from '../../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { draftFromTicket } from '../../domain/knowledge.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict } from '../../server/errors.ts';
import { commentsWithAuthors, findVisibleTicket } from '../../tickets/queries.ts';
import { assertCanArticle } from '../policy.ts';
import { loadArticleDetail } from './read-articles.ts';
import { insertArticle } from './write-articles.ts';

/**
 * "Write this up": a draft article from a resolved ticket, pre-filled with its problem, the
 * resolution (the last reply before it was resolved) and the public and staff comments, linked
 * back to the ticket and its service. Party-only notes stay out: the article is shared.
 */
export async function writeUpTicket(ctx: WorkspaceContext, ticketNumber: number, type: ArticleType) {
  const { actor } = ctx;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      assertCanArticle(actor, 'create');
      const ticket = await findVisibleTicket(tx, actor, ticketNumber);
      if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
        throw new Conflict('Only a resolved or closed ticket can be written up.', 'TICKET_NOT_RESOLVED');
      }
      const comments = (
        await commentsWithAuthors(
          tx,
          ticket.id,
          inArray(ticketComments.visibility, ['public', 'staff']),
        ).limit(200)
      ).map(({ comment, author }) => ({
        body: comment.body,
        at: comment.createdAt,
        visibility: comment.visibility,
        author,
      }));
      const [service] = await tx
        .select({ name: services.name })
        .from(services)
        .where(and(eq(services.id, ticket.serviceId), eq(services.workspaceId, actor.workspaceId)));
      const resolvedAt = ticket.resolvedAt ?? ticket.closedAt ?? new Date();
      const resolution = comments.filter((c) => c.at <= resolvedAt).at(-1)?.body ?? null;
      const draft = draftFromTicket({
        key: `${actor.ticketPrefix}-${ticket.number}`,
        subject: ticket.subject,
        description: ticket.description,
        serviceName: service?.name ?? null,
        resolution,
        comments: comments.map((c) => ({
          author: c.author ?? 'Someone',
          at: c.at,
          body: c.body,
          visibility: c.visibility,
        })),
      });
      const article = await insertArticle(tx, ctx, {
        type,
        ...draft,
        sourceTicketId: ticket.id,
        links: [
          { kind: 'ticket', targetId: ticket.id },
          { kind: 'service', targetId: ticket.serviceId },
        ],
      });
      return loadArticleDetail(tx, ctx, article.number);
    },
    ctx.meta,
  );
}
