import { and, asc, eq, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { jsonOf, type OneRowRead, readTogether } from '../db/rows.ts';
import { accounts } from '../db/schema/accounts.ts';
import { mapAssignments, mapVersions, services } from '../db/schema/responsibility.ts';
import { ticketComments } from '../db/schema/tickets.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import type { Assignment, PartyForRaci } from '../domain/raci.ts';

export { findVisibleTicket, visibleComments, visibleTickets } from '../db/visibility.ts';

/** A ticket's comments that `which` lets through, oldest first, with their author's name and party. */
export function commentsWithAuthors(tx: Tx, ticketId: string | Placeholder, which: SQL | undefined) {
  return tx
    .select({ comment: ticketComments, author: accounts.name, authorPartyId: memberships.partyId })
    .from(ticketComments)
    .leftJoin(memberships, eq(memberships.id, ticketComments.authorMembershipId))
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(ticketComments.ticketId, ticketId), which))
    .orderBy(asc(ticketComments.createdAt));
}

export type RoutedService = { id: string; name: string; status: 'active' | 'retired' };

export type RoutingInputs = {
  service: RoutedService | null;
  assignments: Assignment[];
  parties: PartyForRaci[];
};

/**
 * The service (null when it is not this workspace's), the current map's assignments for it and the
 * workspace's parties (for routing), in one round trip: ticket creation runs it every time.
 */
export function routingInputsRead(workspaceId: string, serviceId: string): OneRowRead<RoutingInputs> {
  return {
    // The service itself rides along: a creation checks it and routes by it in one round trip.
    select: sql`
    select
      (select json_build_object('id', s.id, 'name', s.name, 'status', s.status)
         from ${services} s where s.workspace_id = ${workspaceId} and s.id = ${serviceId}) as service,
      coalesce((
        select json_agg(json_build_object(
          'serviceId', a.service_id, 'partyId', a.party_id, 'membershipId', a.membership_id, 'role', a.role))
        from ${mapAssignments} a
        where a.workspace_id = ${workspaceId} and a.service_id = ${serviceId}
          and a.version_id = (
            select v.id from ${mapVersions} v where v.workspace_id = ${workspaceId} order by v.number desc limit 1)
      ), '[]'::json) as assignments,
      coalesce((
        select json_agg(json_build_object('id', p.id, 'name', p.name, 'kind', p.kind))
        from ${parties} p where p.workspace_id = ${workspaceId}
      ), '[]'::json) as parties`,
    read: (row) => ({
      service: jsonOf<RoutedService | null>(row.service) ?? null,
      assignments: jsonOf<Assignment[]>(row.assignments) ?? [],
      parties: jsonOf<PartyForRaci[]>(row.parties) ?? [],
    }),
  };
}

/** The routing inputs read on their own (see routingInputsRead). */
export async function loadRoutingInputs(
  tx: Tx,
  workspaceId: string,
  serviceId: string,
): Promise<RoutingInputs> {
  const [inputs] = await readTogether<[RoutingInputs]>(tx, [routingInputsRead(workspaceId, serviceId)]);
  return inputs;
}
