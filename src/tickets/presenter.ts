import type { Ticket } from '../db/schema/tickets.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { isBouncing } from '../domain/tickets.ts';
import { ticketAbilities } from './policy.ts';

export const ticketKey = (prefix: string, number: number) => `${prefix}-${number}`;

export function presentTicketSummary(
  prefix: string,
  t: Omit<Ticket, 'search'>,
  names: { serviceName?: string | null; laneName?: string | null; assigneeName?: string | null },
) {
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

export function presentTicket(
  prefix: string,
  actor: WorkspaceActor,
  t: Ticket,
  names: Map<string, string>,
  serviceName: string | null,
  laneName: string | null = null,
) {
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
      visibility: string;
      partyId: string | null;
      authorMembershipId: string;
      createdAt: Date;
    };
    author: string | null;
    authorPartyId: string | null;
  },
  people: People,
) {
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
) {
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
