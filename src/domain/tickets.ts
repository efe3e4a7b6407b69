/** Service desk rules with no I/O: priority, lifecycle and routing by the responsibility map. */
import type { Assignment, PartyForRaci } from './raci.ts';

export const LEVELS = ['high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

// The usual ITIL impact × urgency matrix.
const MATRIX: Record<Level, Record<Level, Priority>> = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};
export const priorityOf = (impact: Level, urgency: Level): Priority => MATRIX[impact][urgency];

export const TICKET_STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_requester',
  'waiting_on_party',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const NEXT: Record<TicketStatus, TicketStatus[]> = {
  new: ['triaged', 'in_progress', 'waiting_on_requester', 'waiting_on_party', 'resolved', 'closed'],
  triaged: ['in_progress', 'waiting_on_requester', 'waiting_on_party', 'resolved', 'closed'],
  in_progress: ['triaged', 'waiting_on_requester', 'waiting_on_party', 'resolved'],
  waiting_on_requester: ['in_progress', 'resolved', 'closed'],
  waiting_on_party: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export const canMoveTo = (from: TicketStatus, to: TicketStatus) => NEXT[from].includes(to);
export const allowedNextStatuses = (from: TicketStatus) => NEXT[from];
/** A move out of resolved or closed back into work. */
export const isReopen = (from: TicketStatus, to: TicketStatus) =>
  (from === 'resolved' || from === 'closed') && to === 'in_progress';
export const isOpenStatus = (s: TicketStatus) => s !== 'resolved' && s !== 'closed';
/**
 * A closed ticket is a record for reports and the service review: its fields change only by
 * reopening it (the same change may then set them). A resolved ticket stays editable.
 */
export const isFrozenChange = (from: TicketStatus, to: TicketStatus | undefined) =>
  from === 'closed' && to !== 'in_progress';
/** SLA clocks pause while the desk waits on someone else. */
export const isPausedStatus = (s: TicketStatus) => s === 'waiting_on_requester' || s === 'waiting_on_party';

export const BOUNCE_THRESHOLD = 3;
export const isBouncing = (handoffCount: number) => handoffCount >= BOUNCE_THRESHOLD;

export type Lane = { kind: 'party'; partyId: string } | { kind: 'joint' };
export type Routing = { lane: Lane; watcherPartyIds: string[]; reason: string };

/**
 * A new ticket goes to the Responsible party's lane; shared or missing responsibility goes to
 * joint triage. Parties marked Informed watch it. The reason is kept and shown on the ticket.
 */
export function routeByMap(
  service: { id: string; name: string },
  assignments: Assignment[],
  parties: PartyForRaci[],
): Routing {
  const forService = assignments.filter((a) => a.serviceId === service.id);
  const name = (id: string) => parties.find((p) => p.id === id)?.name ?? 'unknown party';
  const responsible = [...new Set(forService.filter((a) => a.role === 'R').map((a) => a.partyId))];
  const watcherPartyIds = [...new Set(forService.filter((a) => a.role === 'I').map((a) => a.partyId))];
  if (responsible.length === 1) {
    const partyId = responsible[0]!;
    return {
      lane: { kind: 'party', partyId },
      watcherPartyIds: watcherPartyIds.filter((id) => id !== partyId),
      reason: `Routed to ${name(partyId)} lane: ${service.name}, Responsible = ${name(partyId)}`,
    };
  }
  const reason =
    responsible.length === 0
      ? `Routed to joint triage: nobody is Responsible for ${service.name}`
      : `Routed to joint triage: ${service.name} is shared (Responsible = ${responsible.map(name).join(', ')})`;
  return { lane: { kind: 'joint' }, watcherPartyIds, reason };
}

/** A ticket's human key (`ACME-42`). */
export const ticketKey = (prefix: string, number: number) => `${prefix}-${number}`;
