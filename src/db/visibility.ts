import { and, eq, exists, isNull, or, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { isInternal, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { NotFound } from '../domain/errors.ts';
import type { Tx } from './client.ts';
import { prebuilt } from './prebuilt.ts';
import { ticketComments, tickets, ticketWatchers } from './schema/tickets.ts';

// Which ticket rows and comments an actor may see. A data-access rule like row-level security, so it
// sits in the db layer: tickets, SLA, knowledge, problems and systems all read tickets through it
// (it moved here from tickets/queries.ts to break the sla <-> tickets cycle).

/**
 * Security: which tickets the actor may see, applied inside every ticket query (never after
 * paging). Requesters see their own; internal staff everything; provider staff their lane,
 * joint triage and tickets their party watches.
 */
export function visibleTickets(actor: WorkspaceActor): SQL | undefined {
  return visibleTicketsUnder(ticketVisibilityOf(actor), actor.membershipId, actor.partyId);
}

/** Which rule of visibleTickets an actor falls under (a prebuilt statement is built once per rule). */
export type TicketVisibility = 'own' | 'all' | 'party';
export const ticketVisibilityOf = (actor: WorkspaceActor): TicketVisibility =>
  !isStaff(actor) ? 'own' : isInternal(actor) ? 'all' : 'party';

/** The rule itself; the member and party may be a prebuilt statement's placeholders (db/prebuilt.ts). */
export function visibleTicketsUnder(
  visibility: TicketVisibility,
  membershipId: string | Placeholder,
  partyId: string | Placeholder | null,
): SQL | undefined {
  if (visibility === 'own') return eq(tickets.requesterMembershipId, membershipId);
  if (visibility === 'all') return undefined;
  // 'party': staff of a party (ticketVisibilityOf), so the party is known.
  return or(
    isNull(tickets.lanePartyId),
    eq(tickets.lanePartyId, partyId!),
    exists(
      sql`(select 1 from ${ticketWatchers} w where w.ticket_id = ${tickets.id} and w.party_id = ${partyId})`,
    ),
  );
}

/** Security: comments the actor may read; party-only notes stay inside their party. */
export function visibleComments(actor: WorkspaceActor): SQL | undefined {
  return visibleCommentsUnder(commentReaderOf(actor), actor.partyId);
}

/** Which rule of visibleComments an actor reads under (a prebuilt statement is built once per rule). */
export type CommentReader = 'public' | 'staff';
export const commentReaderOf = (actor: WorkspaceActor): CommentReader =>
  isStaff(actor) ? 'staff' : 'public';

/**
 * The rule itself; the party may be a prebuilt statement's placeholder. The visibilities are SQL
 * literals: a prebuilt statement's only parameters are its placeholders (db/prebuilt.ts).
 */
export function visibleCommentsUnder(reader: CommentReader, partyId: string | Placeholder | null): SQL {
  if (reader === 'public') return sql`${ticketComments.visibility} = 'public'`;
  // 'staff': a member of a party (commentReaderOf), so the party is known.
  return sql`(${ticketComments.visibility} in ('public', 'staff')
    or (${ticketComments.visibility} = 'party' and ${ticketComments.partyId} = ${partyId}))`;
}

type VisibleTicketKey = { workspaceId: string; number: number; membershipId: string; partyId: string | null };

/** A ticket by its number under the reader's visibility rule, built once per rule (prebuilt.ts). */
const visibleTicketByNumber = prebuilt<VisibleTicketKey, { visibility: TicketVisibility }>()(
  'tickets.visible.by-number',
  (tx, value, { visibility }) =>
    tx
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.workspaceId, value('workspaceId')),
          eq(tickets.number, value('number')),
          visibleTicketsUnder(visibility, value('membershipId'), value('partyId')),
        ),
      ),
);

export async function findVisibleTicket(tx: Tx, actor: WorkspaceActor, number: number) {
  const [ticket] = await visibleTicketByNumber(
    tx,
    { workspaceId: actor.workspaceId, number, membershipId: actor.membershipId, partyId: actor.partyId },
    { visibility: ticketVisibilityOf(actor) },
  );
  // Security: a ticket the actor may not see answers exactly like one that does not exist.
  if (!ticket) throw new NotFound(`No ticket ${number} here.`);
  return ticket;
}
