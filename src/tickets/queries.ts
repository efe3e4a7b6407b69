import { and, eq, exists, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { mapAssignments, mapVersions } from '../db/schema/responsibility.ts';
import { ticketComments, tickets, ticketWatchers } from '../db/schema/tickets.ts';
import { parties } from '../db/schema/workspaces.ts';
import { isInternal, type WorkspaceActor } from '../domain/actor.ts';
import type { Assignment, PartyForRaci } from '../domain/raci.ts';
import { NotFound } from '../server/errors.ts';

/**
 * Security: which tickets the actor may see, applied inside every ticket query (never after
 * paging). Requesters see their own; internal staff everything; provider staff their lane,
 * joint triage and tickets their party watches.
 */
export function visibleTickets(actor: WorkspaceActor): SQL | undefined {
  if (actor.role === 'requester' || !actor.partyId)
    return eq(tickets.requesterMembershipId, actor.membershipId);
  if (isInternal(actor)) return undefined;
  return or(
    isNull(tickets.lanePartyId),
    eq(tickets.lanePartyId, actor.partyId),
    exists(
      sql`(select 1 from ${ticketWatchers} w where w.ticket_id = ${tickets.id} and w.party_id = ${actor.partyId})`,
    ),
  );
}

/** Security: comments the actor may read; party-only notes stay inside their party. */
export function visibleComments(actor: WorkspaceActor): SQL | undefined {
  if (actor.role === 'requester' || !actor.partyId) return eq(ticketComments.visibility, 'public');
  return or(
    inArray(ticketComments.visibility, ['public', 'staff']),
    and(eq(ticketComments.visibility, 'party'), eq(ticketComments.partyId, actor.partyId)),
  );
}

export async function findVisibleTicket(tx: Tx, actor: WorkspaceActor, number: number) {
  const [ticket] = await tx
    .select()
    .from(tickets)
    .where(
      and(eq(tickets.workspaceId, actor.workspaceId), eq(tickets.number, number), visibleTickets(actor)),
    );
  // Security: a ticket the actor may not see answers exactly like one that does not exist.
  if (!ticket) throw new NotFound(`No ticket ${number} here.`);
  return ticket;
}

/**
 * The current map's assignments for one service, and the workspace's parties (for routing), in
 * one round trip: ticket creation runs it every time.
 */
export async function loadRoutingInputs(
  tx: Tx,
  workspaceId: string,
  serviceId: string,
): Promise<{ assignments: Assignment[]; parties: PartyForRaci[] }> {
  const result = await tx.execute(sql`
    select
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
      ), '[]'::json) as parties`);
  const [row] = (result as unknown as { rows: { assignments: unknown; parties: unknown }[] }).rows;
  const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
  return {
    assignments: parse(row?.assignments) as Assignment[],
    parties: parse(row?.parties) as PartyForRaci[],
  };
}
