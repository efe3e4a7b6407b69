import type { Incident, IncidentEvent, IncidentReview, IncidentUpdate } from '../db/schema/incidents.ts';
import type { Ticket } from '../db/schema/tickets.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { incidentKey, isUpdateOverdue } from '../domain/incidents.ts';
import { incidentAbilities } from './policy.ts';

const person = (id: string | null, names: Map<string, string>) =>
  id ? { membershipId: id, name: names.get(id) ?? null } : null;

export function presentIncidentSummary(incident: Incident, names: Map<string, string>, now = new Date()) {
  return {
    id: incident.id,
    key: incidentKey(incident.number),
    number: incident.number,
    title: incident.title,
    impact: incident.impact,
    status: incident.status,
    declaredAt: incident.declaredAt,
    commander: person(incident.commanderMembershipId, names),
    communicationsLead: person(incident.communicationsLeadMembershipId, names),
    updateCadenceMinutes: incident.updateCadenceMinutes,
    nextUpdateDueAt: incident.nextUpdateDueAt,
    updateOverdue: isUpdateOverdue(incident, now),
    resolvedAt: incident.resolvedAt,
    resolution: incident.resolution,
    version: incident.version,
  };
}

export const presentUpdate = (u: IncidentUpdate, names: Map<string, string>) => ({
  id: u.id,
  body: u.body,
  visibility: u.visibility,
  author: person(u.authorMembershipId, names),
  createdAt: u.createdAt,
});

/** One timeline line in words; details that name people carry their names. */
export function presentEvent(e: IncidentEvent, names: Map<string, string>) {
  const detail = e.detail as Record<string, unknown>;
  const who = (k: string) =>
    typeof detail[k] === 'string' ? (names.get(detail[k] as string) ?? null) : null;
  const text: Record<IncidentEvent['kind'], string> = {
    declared: `Declared a major incident: ${String(detail.title ?? '')}`,
    ticket_linked: `Linked ticket ${String(detail.ticketKey ?? '')}`,
    update_posted: `Posted a ${detail.visibility === 'staff' ? 'staff-only' : 'public'} stakeholder update`,
    update_due: 'A stakeholder update fell due',
    role_changed: `Roles: commander ${who('commanderMembershipId') ?? 'none'}, communications ${who('communicationsLeadMembershipId') ?? 'none'}`,
    subscribed: `${who('membershipId') ?? 'Someone'} subscribed`,
    unsubscribed: `${who('membershipId') ?? 'Someone'} unsubscribed`,
    resolved: `Resolved: ${String(detail.resolution ?? '')}`,
    review_completed: 'Completed the post-incident review',
  };
  return {
    id: e.id,
    kind: e.kind,
    at: e.at,
    actor: person(e.actorMembershipId, names),
    text: text[e.kind],
  };
}

export const presentReview = (r: IncidentReview | null, names: Map<string, string>) =>
  r && {
    whatHappened: r.whatHappened,
    impact: r.impact,
    timeline: r.timeline,
    causes: r.causes,
    wentWell: r.wentWell,
    status: r.status,
    completedAt: r.completedAt,
    completedBy: person(r.completedByMembershipId, names),
    updatedAt: r.updatedAt,
    version: r.version,
  };

export function presentIncidentDetail(
  actor: WorkspaceActor,
  found: {
    incident: Incident;
    linked: Array<{ ticket: Ticket; linkedAt: Date }>;
    updates: IncidentUpdate[];
    subscribers: Array<{ membershipId: string }>;
    events: IncidentEvent[];
    review: IncidentReview | null;
    names: Map<string, string>;
    holds: boolean;
  },
) {
  const { incident, names } = found;
  return {
    ...presentIncidentSummary(incident, names),
    declaredBy: person(incident.declaredByMembershipId, names),
    resolvedBy: person(incident.resolvedByMembershipId, names),
    decisionId: incident.decisionId,
    tickets: found.linked.map(({ ticket, linkedAt }) => ({
      key: `${actor.ticketPrefix}-${ticket.number}`,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      linkedAt,
    })),
    updates: found.updates.map((u) => presentUpdate(u, names)),
    subscribers: found.subscribers.map((s) => person(s.membershipId, names)!),
    subscribed: found.subscribers.some((s) => s.membershipId === actor.membershipId),
    timeline: found.events.map((e) => presentEvent(e, names)),
    review: presentReview(found.review, names),
    abilities: incidentAbilities(actor, incident, found.holds),
  };
}
