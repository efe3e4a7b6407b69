import type { Ticket } from '../db/schema/tickets.ts';
import { isInternal, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { allowedNextStatuses, type TicketStatus } from '../domain/tickets.ts';
import { Forbidden } from '../server/errors.ts';

export type TicketAction =
  | 'list'
  | 'create'
  | 'view'
  | 'comment'
  | 'commentInternal'
  | 'update'
  | 'assign'
  | 'handOff'
  | 'logTime'
  | 'viewTime'
  | 'watch'
  | 'rate'
  | 'reopen';

/** Whether the actor may see this ticket at all (queries apply the same rule in SQL). */
export function canSeeTicket(
  actor: WorkspaceActor,
  ticket: Pick<Ticket, 'requesterMembershipId' | 'lanePartyId'>,
  watcherPartyIds: string[],
) {
  if (actor.role === 'requester') return ticket.requesterMembershipId === actor.membershipId;
  if (isInternal(actor)) return true;
  if (!isStaff(actor)) return false;
  return (
    ticket.lanePartyId === null ||
    ticket.lanePartyId === actor.partyId ||
    watcherPartyIds.includes(actor.partyId!)
  );
}

export function canTicket(
  actor: WorkspaceActor,
  action: TicketAction,
  ticket: Pick<Ticket, 'requesterMembershipId' | 'status'>,
): boolean {
  const isRequester = ticket.requesterMembershipId === actor.membershipId;
  const worker = isStaff(actor) && actor.role !== 'viewer';
  switch (action) {
    case 'list':
    case 'create':
    case 'view':
      return true;
    case 'comment':
      return worker || isRequester;
    case 'commentInternal':
    case 'update':
    case 'assign':
    case 'handOff':
    case 'logTime':
    case 'watch':
      return worker;
    case 'viewTime':
      return isStaff(actor);
    case 'rate':
      return isRequester && (ticket.status === 'resolved' || ticket.status === 'closed');
    case 'reopen':
      return (worker || isRequester) && (ticket.status === 'resolved' || ticket.status === 'closed');
  }
}

const MESSAGES: Record<TicketAction, string> = {
  list: 'You cannot list tickets here.',
  create: 'You cannot raise tickets here.',
  view: 'You cannot see this ticket.',
  comment: 'Only the requester and staff may reply on this ticket.',
  commentInternal: 'Only staff may write notes that the requester does not see.',
  update: 'Only staff of a party may change a ticket.',
  assign: 'Only staff of a party may assign tickets.',
  handOff: 'Only staff of a party may hand a ticket to another party.',
  logTime: 'Only staff of a party may record time.',
  viewTime: 'Only staff of a party see time records.',
  watch: 'Only staff of a party may change who watches a ticket.',
  rate: 'Only the requester may rate a ticket, once it is resolved.',
  reopen: 'Only the requester or staff may reopen a resolved ticket.',
};

export function assertCanTicket(
  actor: WorkspaceActor,
  action: TicketAction,
  ticket: Pick<Ticket, 'requesterMembershipId' | 'status'>,
) {
  if (!canTicket(actor, action, ticket)) throw new Forbidden(MESSAGES[action], 'TICKET_RIGHT_REQUIRED');
}

export function ticketAbilities(
  actor: WorkspaceActor,
  ticket: Pick<Ticket, 'requesterMembershipId' | 'status'>,
) {
  const worker = canTicket(actor, 'update', ticket);
  // A closed ticket changes only by reopening it (domain/tickets.ts, isFrozenChange).
  const open = worker && ticket.status !== 'closed';
  return {
    comment: canTicket(actor, 'comment', ticket),
    commentInternal: canTicket(actor, 'commentInternal', ticket),
    update: worker,
    assign: open,
    handOff: open,
    logTime: worker,
    watch: worker,
    rate: canTicket(actor, 'rate', ticket),
    reopen: canTicket(actor, 'reopen', ticket),
    nextStatuses: worker ? allowedNextStatuses(ticket.status as TicketStatus) : [],
  };
}
