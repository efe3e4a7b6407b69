import { and, desc, eq } from 'drizzle-orm';
import { accounts } from '../../db/schema/accounts.ts';
import { ticketTimeEntries } from '../../db/schema/tickets.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { assertCanTicket } from '../policy.ts';
import { findVisibleTicket } from '../queries.ts';
import { scopeOf } from './common.ts';

/** Every time entry on a ticket, newest day first, with who recorded it; staff only. */
export async function listTimeEntries(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, number);
    assertCanTicket(ctx.actor, 'viewTime', ticket);
    return tx
      .select({
        id: ticketTimeEntries.id,
        membershipId: ticketTimeEntries.membershipId,
        name: accounts.name,
        partyId: ticketTimeEntries.partyId,
        partyName: parties.name,
        minutes: ticketTimeEntries.minutes,
        note: ticketTimeEntries.note,
        spentOn: ticketTimeEntries.spentOn,
        createdAt: ticketTimeEntries.createdAt,
      })
      .from(ticketTimeEntries)
      .leftJoin(memberships, eq(memberships.id, ticketTimeEntries.membershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .leftJoin(parties, eq(parties.id, ticketTimeEntries.partyId))
      .where(
        and(
          eq(ticketTimeEntries.workspaceId, ctx.actor.workspaceId),
          eq(ticketTimeEntries.ticketId, ticket.id),
        ),
      )
      .orderBy(desc(ticketTimeEntries.spentOn), desc(ticketTimeEntries.createdAt));
  });
}
