import type { Tx } from '../db/client.ts';
import { type TicketFacts, ticketAudience } from '../domain/notifications.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { notify } from './notify.ts';

export type TicketEvent = Parameters<typeof ticketAudience>[0];
export type TicketLike = TicketFacts & {
  number: number;
  subject: string;
  status: string;
  priority: string;
  version: number;
};

const TITLES: Record<TicketEvent, string> = {
  'ticket.created': 'New ticket',
  'ticket.assigned': 'Assigned to you',
  'ticket.handed_off': 'Handed off',
  'ticket.commented': 'New reply',
  'ticket.resolved': 'Resolved',
};

/**
 * One call per ticket event from the ticket use cases: works out who hears of it
 * (domain/notifications.ts ticketAudience) and notifies them inside the same transaction.
 */
export async function notifyTicket(
  tx: Tx,
  ctx: WorkspaceContext,
  event: TicketEvent,
  ticket: TicketLike,
  detail: { body?: string; data?: Record<string, unknown>; dedupeSuffix?: string } = {},
) {
  const { key, link, summary } = ticketNotice(ctx, ticket);
  return notify(tx, ctx, {
    event,
    recipients: ticketAudience(event, ticket),
    subject: `${TITLES[event]}: ${key} ${ticket.subject}`,
    body: detail.body ?? '',
    link,
    // The ticket's version moves with every change, so each event of a ticket is its own.
    dedupeKey: `${event}:${ticket.id}:${detail.dedupeSuffix ?? ticket.version}`,
    data: { ticket: summary, ...detail.data },
  });
}

/** What every ticket notification carries of its ticket: the key, the link and the data summary. */
export function ticketNotice(ctx: WorkspaceContext, ticket: TicketLike) {
  const key = `${ctx.actor.ticketPrefix}-${ticket.number}`;
  return {
    key,
    link: `/w/${ctx.actor.workspaceSlug}/tickets/${key}`,
    summary: {
      key,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      lanePartyId: ticket.lanePartyId,
      assigneeMembershipId: ticket.assigneeMembershipId,
    },
  };
}

/** Where a ticket use case sends its notifications: notifyTicket, or a collector (applying a macro sends one). */
export type TicketNotifySink = (
  tx: Tx,
  ctx: WorkspaceContext,
  event: TicketEvent,
  ticket: TicketLike,
  detail?: { body?: string; data?: Record<string, unknown>; dedupeSuffix?: string },
) => Promise<unknown>;

/** After a status/assignee update: the new assignee hears of it, and everyone following hears of a resolution. */
export async function notifyTicketChange(
  tx: Tx,
  ctx: WorkspaceContext,
  before: TicketLike,
  after: TicketLike,
  sink: TicketNotifySink = notifyTicket,
) {
  if (after.assigneeMembershipId && after.assigneeMembershipId !== before.assigneeMembershipId) {
    await sink(tx, ctx, 'ticket.assigned', after);
  }
  if (after.status === 'resolved' && before.status !== 'resolved') {
    await sink(tx, ctx, 'ticket.resolved', after);
  }
}
