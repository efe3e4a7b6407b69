import type { CommentVisibility, Ticket as TicketRow } from '../db/schema/tickets.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { isBouncing, ticketKey } from '../domain/tickets.ts';
import type {
  TicketRow as QueueRow,
  QueueSla,
  SavedView,
  SearchHit,
  Ticket,
  TicketComment,
  TicketHandoff,
  TicketLink,
  TicketSummary,
} from './contract.ts';
import { ticketAbilities } from './policy.ts';
import type { SearchHit as SearchRow } from './service/search-tickets.ts';

export { ticketKey };

/** The columns a summary shows (a queue page reads only these). */
export type SummaryColumns = Pick<
  TicketRow,
  | 'id'
  | 'number'
  | 'subject'
  | 'status'
  | 'priority'
  | 'serviceId'
  | 'lanePartyId'
  | 'assigneeMembershipId'
  | 'handoffCount'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;

export function presentTicketSummary(
  prefix: string,
  t: SummaryColumns,
  names: { serviceName?: string | null; laneName?: string | null; assigneeName?: string | null },
): TicketSummary {
  return {
    id: t.id,
    key: ticketKey(prefix, t.number),
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    service: { id: t.serviceId, name: names.serviceName ?? null },
    lane: t.lanePartyId
      ? { kind: 'party' as const, partyId: t.lanePartyId, name: names.laneName ?? null }
      : { kind: 'joint' as const },
    assignee: t.assigneeMembershipId
      ? { membershipId: t.assigneeMembershipId, name: names.assigneeName ?? null }
      : null,
    handoffCount: t.handoffCount,
    bouncing: isBouncing(t.handoffCount),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  };
}

/** A queue row: the summary plus requester and the nearest SLA clock. */
export function presentTicketRow(
  prefix: string,
  r: {
    ticket: SummaryColumns & Pick<TicketRow, 'requesterMembershipId'>;
    serviceName: string | null;
    laneName: string | null;
    assigneeName: string | null;
    requesterName: string | null;
    sla: QueueSla | null;
  },
): QueueRow {
  return {
    ...presentTicketSummary(prefix, r.ticket, r),
    requester: { membershipId: r.ticket.requesterMembershipId, name: r.requesterName },
    sla: r.sla,
  };
}

export function presentTicket(
  prefix: string,
  actor: WorkspaceActor,
  t: TicketRow,
  names: Map<string, string>,
  serviceName: string | null,
  laneName: string | null = null,
): Ticket {
  const staff = actor.role !== 'requester' && actor.partyId !== null;
  return {
    ...presentTicketSummary(prefix, t, {
      serviceName,
      laneName,
      assigneeName: t.assigneeMembershipId ? names.get(t.assigneeMembershipId) : null,
    }),
    description: t.description,
    fieldValues: t.fieldValues,
    catalogueItemId: t.catalogueItemId,
    category: t.category,
    impact: t.impact,
    urgency: t.urgency,
    requester: { membershipId: t.requesterMembershipId, name: names.get(t.requesterMembershipId) ?? null },
    routingReason: staff ? t.routingReason : null,
    minutesSpent: staff ? t.minutesSpent : null,
    firstResponseAt: t.firstResponseAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    rating: t.rating,
    ratingComment: t.ratingComment,
    abilities: ticketAbilities(actor, t),
  };
}

/** Splits a ts_headline snippet into plain and highlighted parts, so no markup reaches a page. */
export function snippetSegments(snippet: string): Array<{ text: string; highlight: boolean }> {
  const segments: Array<{ text: string; highlight: boolean }> = [];
  for (const [index, part] of snippet.split(/[⟦⟧]/).entries()) {
    if (part) segments.push({ text: part, highlight: index % 2 === 1 });
  }
  return segments;
}

type People = {
  people: Map<string, { name: string | null; partyId: string | null }>;
  parties: Map<string, { name: string; kind: string }>;
};

const partyNameOf = (people: People, partyId: string | null) =>
  partyId ? (people.parties.get(partyId)?.name ?? null) : null;

export function presentComment(
  c: {
    comment: {
      id: string;
      body: string;
      visibility: CommentVisibility;
      partyId: string | null;
      authorMembershipId: string;
      createdAt: Date;
    };
    author: string | null;
    authorPartyId: string | null;
  },
  people: People,
): TicketComment {
  return {
    id: c.comment.id,
    body: c.comment.body,
    visibility: c.comment.visibility,
    partyId: c.comment.partyId,
    author: {
      membershipId: c.comment.authorMembershipId,
      name: c.author,
      partyId: c.authorPartyId,
      partyName: partyNameOf(people, c.authorPartyId),
    },
    createdAt: c.comment.createdAt,
  };
}

export function presentHandoff(
  h: {
    id: string;
    fromPartyId: string | null;
    toPartyId: string | null;
    reason: string;
    byMembershipId: string;
    createdAt: Date;
  },
  people: People,
): TicketHandoff {
  const by = people.people.get(h.byMembershipId);
  return {
    id: h.id,
    fromPartyId: h.fromPartyId,
    toPartyId: h.toPartyId,
    reason: h.reason,
    by: {
      membershipId: h.byMembershipId,
      name: by?.name ?? null,
      partyId: by?.partyId ?? null,
      partyName: partyNameOf(people, by?.partyId ?? null),
    },
    createdAt: h.createdAt,
  };
}

export const presentSearchHit = (
  prefix: string,
  // Raw SQL row: status and priority come back as plain text.
  h: SearchRow,
): SearchHit => ({
  id: h.id,
  key: ticketKey(prefix, h.number),
  number: h.number,
  subject: h.subject,
  status: h.status as Ticket['status'],
  priority: h.priority as Ticket['priority'],
  rank: h.rank,
  snippet: snippetSegments(h.snippet),
});

export const presentLink = (prefix: string, l: Omit<TicketLink, 'key'>): TicketLink => ({
  kind: l.kind,
  direction: l.direction,
  number: l.number,
  key: ticketKey(prefix, l.number),
  subject: l.subject,
  status: l.status,
});

export const presentSavedView = (v: {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: Date;
}): SavedView => ({
  id: v.id,
  name: v.name,
  // Stored only through ViewBodySchema, so every value is a string, number or boolean.
  filters: v.filters as SavedView['filters'],
  createdAt: v.createdAt,
});
