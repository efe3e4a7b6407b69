import { and, eq, sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import { ticketWatchers } from '../../db/schema/tickets.ts';
import { parties } from '../../db/schema/workspaces.ts';
import { isInternal, isSameParty, type WorkspaceActor } from '../../domain/actor.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Forbidden, NotFound } from '../../server/errors.ts';
import { checkWorkspaceParty } from '../../workspaces/party-check.ts';
import { auditTicket, onVisibleTicket } from './common.ts';

export type Watcher = { partyId: string; name: string; kind: 'internal' | 'provider'; automatic: boolean };

/**
 * The parties watching a ticket, with their names, by name; `automatic` marks those added by routing
 * or a handoff. A statement of its own, and a column of the ticket page's one read (ticket-page-details.ts).
 */
export const watchersOf = (workspaceId: string, ticketId: string) =>
  sql`select ${ticketWatchers.partyId} as "partyId", ${parties.name} as name, ${parties.kind} as kind,
      ${ticketWatchers.automatic} as automatic
    from ${ticketWatchers} join ${parties} on ${parties.workspaceId} = ${ticketWatchers.workspaceId} and ${parties.id} = ${ticketWatchers.partyId}
    where ${ticketWatchers.workspaceId} = ${workspaceId} and ${ticketWatchers.ticketId} = ${ticketId}
    order by ${parties.name}`;

// Security: a watching party sees the ticket, so a provider may only change its own party's watch;
// showing a ticket to another provider is the internal team's call.
function assertMayChangeWatch(actor: WorkspaceActor, partyId: string) {
  if (!isInternal(actor) && !isSameParty(actor, partyId))
    throw new Forbidden(
      'Provider staff may only add or remove their own party as a watcher.',
      'TICKET_RIGHT_REQUIRED',
    );
}

export async function addWatcher(ctx: WorkspaceContext, number: number, partyId: string) {
  return onVisibleTicket(ctx, number, 'watch', async (tx, ticket) => {
    const { actor } = ctx;
    await checkWorkspaceParty(
      tx,
      actor.workspaceId,
      partyId,
      'body.partyId',
      'partyId names no party of this workspace.',
    );
    assertMayChangeWatch(actor, partyId);
    const inserted = await tx
      .insert(ticketWatchers)
      .values({ workspaceId: actor.workspaceId, ticketId: ticket.id, partyId, automatic: false })
      .onConflictDoNothing()
      .returning({ partyId: ticketWatchers.partyId });
    if (inserted.length === 0)
      throw new Conflict('This party already watches the ticket.', 'ALREADY_WATCHING');
    await auditTicket(tx, ctx, 'ticket.watcher_added', ticket.id, undefined, { partyId });
    return selectRows<Watcher>(tx, watchersOf(actor.workspaceId, ticket.id));
  });
}

export async function removeWatcher(ctx: WorkspaceContext, number: number, partyId: string) {
  return onVisibleTicket(ctx, number, 'watch', async (tx, ticket) => {
    const { actor } = ctx;
    assertMayChangeWatch(actor, partyId);
    const removed = await tx
      .delete(ticketWatchers)
      .where(
        and(
          eq(ticketWatchers.workspaceId, actor.workspaceId),
          eq(ticketWatchers.ticketId, ticket.id),
          eq(ticketWatchers.partyId, partyId),
        ),
      )
      .returning({ automatic: ticketWatchers.automatic });
    if (removed.length === 0) throw new NotFound('This party does not watch the ticket.');
    await auditTicket(tx, ctx, 'ticket.watcher_removed', ticket.id, {
      partyId,
      automatic: removed[0]!.automatic,
    });
  });
}
