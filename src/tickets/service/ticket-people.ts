import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { incidents, incidentTickets } from '../../db/schema/incidents.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { incidentKey } from '../../domain/incidents.ts';
import { loadWatchers } from './watchers.ts';

export type Person = { membershipId: string; name: string | null; partyId: string | null };
export type PartyName = { name: string; kind: 'internal' | 'provider' };

/**
 * Who is named on a ticket page, inside getTicket's transaction: the members behind handoffs, the
 * workspace's party names, (for staff) the watching parties, and the major incidents the ticket
 * belongs to: all of them for staff, the open ones for the requester (what the portal's banner
 * shows every member anyway).
 */
export async function loadTicketPeople(
  tx: Tx,
  workspaceId: string,
  ticketId: string,
  membershipIds: string[],
  staff: boolean,
) {
  const ids = [...new Set(membershipIds)];
  const people = ids.length
    ? await tx
        .select({ membershipId: memberships.id, name: accounts.name, partyId: memberships.partyId })
        .from(memberships)
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.id, ids)))
    : [];
  const partyRows = await tx
    .select({ id: parties.id, name: parties.name, kind: parties.kind })
    .from(parties)
    .where(eq(parties.workspaceId, workspaceId));
  const watchers = staff ? await loadWatchers(tx, ticketId) : [];
  const incidentRows = await tx
    .select({ number: incidents.number, title: incidents.title, status: incidents.status })
    .from(incidentTickets)
    .innerJoin(incidents, eq(incidents.id, incidentTickets.incidentId))
    .where(
      and(
        eq(incidentTickets.workspaceId, workspaceId),
        eq(incidentTickets.ticketId, ticketId),
        staff ? undefined : eq(incidents.status, 'open'),
      ),
    )
    .orderBy(incidents.number);
  return {
    people: new Map<string, Person>(people.map((p) => [p.membershipId, p])),
    parties: new Map<string, PartyName>(partyRows.map((p) => [p.id, { name: p.name, kind: p.kind }])),
    watchers,
    incidents: incidentRows.map((i) => ({ key: incidentKey(i.number), title: i.title, status: i.status })),
  };
}
