import { and, eq, inArray, or } from 'drizzle-orm';
import { ticketLinks, tickets } from '../../db/schema/tickets.ts';
import { withScopedTx } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { LINK_KINDS } from '../contract.ts';
import { findVisibleTicket, visibleTickets } from '../queries.ts';
import { auditTicket, onVisibleTicket, scopeOf } from './common.ts';

export { LINK_KINDS };
export type LinkKind = (typeof LINK_KINDS)[number];

/** The link between two tickets, whichever of them it was made from. */
const linkBetween = (a: string, b: string) =>
  or(
    and(eq(ticketLinks.ticketId, a), eq(ticketLinks.linkedTicketId, b)),
    and(eq(ticketLinks.ticketId, b), eq(ticketLinks.linkedTicketId, a)),
  );

/** Links a ticket to another one of the same workspace that the actor can see. */
export async function linkTickets(
  ctx: WorkspaceContext,
  number: number,
  input: { otherNumber: number; kind: LinkKind },
) {
  if (input.otherNumber === number) throw new Invalid('A ticket cannot be linked to itself.', 'body.ticket');
  return onVisibleTicket(ctx, number, 'update', async (tx, ticket) => {
    const [other] = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(
        and(
          eq(tickets.workspaceId, ctx.actor.workspaceId),
          eq(tickets.number, input.otherNumber),
          visibleTickets(ctx.actor),
        ),
      );
    if (!other) throw new Invalid(`No ticket ${input.otherNumber} here that you can see.`, 'body.ticket');
    const [existing] = await tx
      .select({ kind: ticketLinks.kind })
      .from(ticketLinks)
      .where(linkBetween(ticket.id, other.id));
    if (existing) throw new Conflict('These tickets are already linked.', 'ALREADY_LINKED');
    await tx.insert(ticketLinks).values({
      workspaceId: ctx.actor.workspaceId,
      ticketId: ticket.id,
      linkedTicketId: other.id,
      kind: input.kind,
    });
    await auditTicket(tx, ctx, 'ticket.linked', ticket.id, undefined, {
      linkedTicketId: other.id,
      kind: input.kind,
    });
  });
}

export async function unlinkTickets(ctx: WorkspaceContext, number: number, otherNumber: number) {
  await onVisibleTicket(ctx, number, 'update', async (tx, ticket) => {
    const other = await findVisibleTicket(tx, ctx.actor, otherNumber);
    const removed = await tx
      .delete(ticketLinks)
      .where(linkBetween(ticket.id, other.id))
      .returning({ kind: ticketLinks.kind });
    if (removed.length === 0) throw new NotFound('These tickets are not linked.');
    await auditTicket(tx, ctx, 'ticket.unlinked', ticket.id, { linkedTicketId: other.id });
  });
}

/** Links in both directions, to tickets the actor can see. */
export async function listLinks(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, number);
    const rows = await tx
      .select({ kind: ticketLinks.kind, from: ticketLinks.ticketId, to: ticketLinks.linkedTicketId })
      .from(ticketLinks)
      .where(or(eq(ticketLinks.ticketId, ticket.id), eq(ticketLinks.linkedTicketId, ticket.id)));
    const otherIdOf = (row: (typeof rows)[number]) => (row.from === ticket.id ? row.to : row.from);
    // The linked tickets the actor can see, in one read (a link to a hidden one is left out).
    const others =
      rows.length === 0
        ? []
        : await tx
            .select({
              id: tickets.id,
              number: tickets.number,
              subject: tickets.subject,
              status: tickets.status,
            })
            .from(tickets)
            .where(and(inArray(tickets.id, rows.map(otherIdOf)), visibleTickets(ctx.actor)));
    const byId = new Map(others.map(({ id, ...other }) => [id, other]));
    const result = [];
    for (const row of rows) {
      const other = byId.get(otherIdOf(row));
      if (other)
        result.push({
          kind: row.kind,
          direction: row.from === ticket.id ? ('outgoing' as const) : ('incoming' as const),
          ...other,
        });
    }
    return result;
  });
}
