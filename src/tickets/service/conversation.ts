import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { type CommentVisibility, tickets, ticketTimeEntries } from '../../db/schema/tickets.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { isStaff } from '../../domain/actor.ts';
import { notifyTicket, type TicketNotifySink } from '../../notifications/ticket-events.ts';
import { nowOf, type WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid } from '../../server/errors.ts';
import { applySlaComment } from '../../sla/clocks.ts';
import { assertCanTicket } from '../policy.ts';
import { findVisibleTicket } from '../queries.ts';
import { insertComment } from './comment-statement.ts';
import { auditTicket, onVisibleTicket, scopeOf, type TicketAuditSink } from './common.ts';

/**
 * A reply or note. Requesters always write public replies; staff choose public, staff (both
 * parties) or party-only. A requester's reply while the desk waits on them resumes the work.
 */
export async function addComment(
  ctx: WorkspaceContext,
  number: number,
  input: { body: string; visibility?: CommentVisibility | undefined },
) {
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) => applyComment(tx, ctx, number, input), ctx.meta);
}

/** The reply or note inside the caller's transaction; `audit` receives its one audit event. */
export async function applyComment(
  tx: Tx,
  ctx: WorkspaceContext,
  number: number,
  input: { body: string; visibility?: CommentVisibility | undefined },
  audit: TicketAuditSink = auditTicket,
  notifier: TicketNotifySink = notifyTicket,
) {
  const { actor } = ctx;
  const ticket = await findVisibleTicket(tx, actor, number);
  assertCanTicket(actor, 'comment', ticket);
  const visibility = input.visibility ?? 'public';
  const now = nowOf(ctx);
  if (visibility !== 'public') assertCanTicket(actor, 'commentInternal', ticket);
  const isRequesterReply = ticket.requesterMembershipId === actor.membershipId && !isStaff(actor);
  const staffPublic = isStaff(actor) && visibility === 'public';
  const firstResponse = staffPublic && ticket.firstResponseAt === null;
  const resumesWork = isRequesterReply && ticket.status === 'waiting_on_requester';
  const [row] = await insertComment(
    tx,
    {
      workspaceId: actor.workspaceId,
      ticketId: ticket.id,
      authorMembershipId: actor.membershipId,
      body: input.body,
      visibility,
      partyId: visibility === 'party' ? actor.partyId : null,
      now,
    },
    { staffPublic, firstResponse, resumesWork },
  );
  const { firstResponseOpen, ...comment } = row!;
  await applySlaComment(tx, ctx, ticket, {
    stopsFirstResponse: firstResponseOpen,
    resumesWork,
  });
  await audit(tx, ctx, 'ticket.commented', ticket.id, undefined, {
    commentId: comment.id,
    visibility,
  });
  if (visibility === 'public')
    await notifier(tx, ctx, 'ticket.commented', ticket, {
      body: input.body,
      dedupeSuffix: comment.id,
    });
  return comment;
}

export async function rateTicket(
  ctx: WorkspaceContext,
  number: number,
  input: { rating: number; comment?: string | undefined },
) {
  return onVisibleTicket(ctx, number, 'rate', async (tx, ticket) => {
    const [after] = await tx
      .update(tickets)
      .set({
        rating: input.rating,
        // No version bump: staff edit none of these, so their copy read before the rating stays current.
        ratingComment: input.comment ?? null,
      })
      .where(and(eq(tickets.id, ticket.id), isNull(tickets.rating)))
      .returning();
    if (!after) throw new Conflict('This ticket has already been rated.', 'ALREADY_RATED');
    await auditTicket(tx, ctx, 'ticket.rated', ticket.id, undefined, { rating: input.rating });
    return after;
  });
}

/** Minutes spent by a member of a party; the ticket keeps a running total. */
export async function logTime(
  ctx: WorkspaceContext,
  number: number,
  input: { minutes: number; note?: string | undefined; spentOn?: Date | undefined },
) {
  return onVisibleTicket(ctx, number, 'logTime', async (tx, ticket) => {
    const { actor } = ctx;
    if (input.spentOn && input.spentOn.getTime() > Date.now() + 60_000)
      throw new Invalid('spentOn cannot be in the future.', 'body.spentOn');
    const [entry] = await tx
      .insert(ticketTimeEntries)
      .values({
        workspaceId: actor.workspaceId,
        ticketId: ticket.id,
        membershipId: actor.membershipId,
        partyId: actor.partyId!,
        minutes: input.minutes,
        note: input.note ?? '',
        spentOn: input.spentOn ?? new Date(),
      })
      .returning();
    await tx
      .update(tickets)
      .set({ minutesSpent: sql`${tickets.minutesSpent} + ${input.minutes}` })
      .where(eq(tickets.id, ticket.id));
    await auditTicket(tx, ctx, 'ticket.time_logged', ticket.id, undefined, {
      minutes: input.minutes,
      entryId: entry!.id,
    });
    return entry!;
  });
}
