import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { jsonOf, rowsOf, uuidArray } from '../../db/rows.ts';
import { accounts } from '../../db/schema/accounts.ts';
import { incidents, incidentTickets } from '../../db/schema/incidents.ts';
import { services } from '../../db/schema/responsibility.ts';
import { ticketTimeEntries } from '../../db/schema/tickets.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { incidentKey } from '../../domain/incidents.ts';
import { type Watcher, watchersOf } from './watchers.ts';

export type Person = { membershipId: string; name: string | null; partyId: string | null };
export type PartyName = { name: string; kind: 'internal' | 'provider' };

type IncidentStatus = typeof incidents.$inferSelect.status;

/** A list column of the one statement: json_agg of the rows, an empty list when there are none. */
const listOf = (rows: SQL) => sql`(select coalesce(json_agg(r), '[]') from (${rows}) r)`;

/**
 * Who and what is named on a ticket page, inside getTicket's transaction, in one statement: the
 * members it names (requester, assignee, who handed it off), the workspace's party names, its
 * service, (for staff) the watching parties and the time per party, and the major incidents it
 * belongs to: all of them for staff, the open ones for the requester (what the portal's banner
 * shows every member anyway). Eight reads were eight round trips (bench/README.md, "A ticket page").
 */
export async function loadTicketPageDetails(
  tx: Tx,
  page: { workspaceId: string; ticketId: string; serviceId: string; membershipIds: (string | null)[] },
  staff: boolean,
) {
  const { workspaceId, ticketId } = page;
  const none = sql`'[]'::json`;
  const result = await tx.execute(sql`select
    ${listOf(sql`select ${memberships.id} as "membershipId", ${accounts.name} as name, ${memberships.partyId} as "partyId"
      from ${memberships} join ${accounts} on ${accounts.id} = ${memberships.accountId}
      where ${memberships.workspaceId} = ${workspaceId} and ${memberships.id} = any(${uuidArray(page.membershipIds)})`)} as people,
    ${listOf(sql`select ${parties.id} as id, ${parties.name} as name, ${parties.kind} as kind
      from ${parties} where ${parties.workspaceId} = ${workspaceId}`)} as parties,
    ${listOf(sql`select ${services.id} as id, ${services.name} as name
      from ${services} where ${services.workspaceId} = ${workspaceId} and ${services.id} = ${page.serviceId}`)} as service,
    ${staff ? listOf(watchersOf(workspaceId, ticketId)) : none} as watchers,
    ${
      staff
        ? listOf(sql`select ${ticketTimeEntries.partyId} as "partyId", sum(${ticketTimeEntries.minutes})::int as minutes
            from ${ticketTimeEntries}
            where ${ticketTimeEntries.workspaceId} = ${workspaceId} and ${ticketTimeEntries.ticketId} = ${ticketId}
            group by ${ticketTimeEntries.partyId}`)
        : none
    } as time,
    ${listOf(sql`select ${incidents.number} as number, ${incidents.title} as title, ${incidents.status} as status
      from ${incidentTickets} join ${incidents} on ${incidents.workspaceId} = ${incidentTickets.workspaceId} and ${incidents.id} = ${incidentTickets.incidentId}
      where ${incidentTickets.workspaceId} = ${workspaceId} and ${incidentTickets.ticketId} = ${ticketId}
        ${staff ? sql`` : sql`and ${incidents.status} = 'open'`}
      order by ${incidents.number}`)} as incidents`);
  const [row] = rowsOf<Record<string, unknown>>(result);
  const people = jsonOf<Person[]>(row!.people);
  const partyRows = jsonOf<Array<{ id: string } & PartyName>>(row!.parties);
  const [service] = jsonOf<Array<{ id: string; name: string }>>(row!.service);
  const incidentRows = jsonOf<Array<{ number: number; title: string; status: IncidentStatus }>>(
    row!.incidents,
  );
  return {
    people: new Map<string, Person>(people.map((p) => [p.membershipId, p])),
    parties: new Map<string, PartyName>(partyRows.map((p) => [p.id, { name: p.name, kind: p.kind }])),
    service: service ?? null,
    watchers: jsonOf<Watcher[]>(row!.watchers),
    time: jsonOf<Array<{ partyId: string; minutes: number }>>(row!.time),
    incidents: incidentRows.map((i) => ({ key: incidentKey(i.number), title: i.title, status: i.status })),
  };
}
