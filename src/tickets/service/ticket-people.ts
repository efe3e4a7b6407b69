import { and, eq, inArray } from 'drizzle-orm';
import { accounts } from '../../db/schema/accounts.ts';
import { incidents, incidentTickets } from '../../db/schema/incidents.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { incidentKey } from '../../domain/incidents.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { scopeOf } from './common.ts';
import { loadWatchers } from './watchers.ts';

export type Person = { membershipId: string; name: string | null; partyId: string | null };
export type PartyName = { name: string; kind: 'internal' | 'provider' };

/**
 * Who is named on a ticket page beyond what getTicket loads: the members behind handoffs, the
 * workspace's party names, and (for staff) the watching parties and the major incidents the
 * ticket belongs to.
 */
export async function loadTicketPeople(
  ctx: WorkspaceContext,
  ticketId: string,
  membershipIds: string[],
  staff: boolean,
) {
  const ids = [...new Set(membershipIds)];
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const [people, partyRows, watchers] = await Promise.all([
      ids.length
        ? tx
            .select({ membershipId: memberships.id, name: accounts.name, partyId: memberships.partyId })
            .from(memberships)
            .innerJoin(accounts, eq(accounts.id, memberships.accountId))
            .where(and(eq(memberships.workspaceId, ctx.actor.workspaceId), inArray(memberships.id, ids)))
        : [],
      tx
        .select({ id: parties.id, name: parties.name, kind: parties.kind })
        .from(parties)
        .where(eq(parties.workspaceId, ctx.actor.workspaceId)),
      staff ? loadWatchers(tx, ticketId) : [],
    ]);
    const incidentRows = staff
      ? await tx
          .select({ number: incidents.number, title: incidents.title, status: incidents.status })
          .from(incidentTickets)
          .innerJoin(incidents, eq(incidents.id, incidentTickets.incidentId))
          .where(
            and(
              eq(incidentTickets.workspaceId, ctx.actor.workspaceId),
              eq(incidentTickets.ticketId, ticketId),
            ),
          )
          .orderBy(incidents.number)
      : [];
    return {
      people: new Map<string, Person>(people.map((p) => [p.membershipId, p])),
      parties: new Map<string, PartyName>(partyRows.map((p) => [p.id, { name: p.name, kind: p.kind }])),
      watchers,
      incidents: incidentRows.map((i) => ({ key: incidentKey(i.number), title: i.title, status: i.status })),
    };
  });
}
