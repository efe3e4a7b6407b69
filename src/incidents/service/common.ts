import { and, eq, inArray } from 'drizzle-orm';
import { auditorFor } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import {
  type Incident,
  type IncidentEventKind,
  incidentEvents,
  incidents,
} from '../../db/schema/incidents.ts';
import { tickets } from '../../db/schema/tickets.ts';
import { memberships, parties } from '../../db/schema/workspaces.ts';
import { loadDecisionRight } from '../../decisions/types.ts';
import type { WorkspaceActor } from '../../domain/actor.ts';
import { canDecide, type DecisionRight } from '../../domain/decision-rights.ts';
import { DECLARE_MAJOR_INCIDENT, incidentKey } from '../../domain/incidents.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid, NotFound } from '../../server/errors.ts';
import { parseTicketKey, ticketNumberIn } from '../../server/http.ts';
import { visibleTickets } from '../../tickets/queries.ts';

export type DeclareRight = {
  right: DecisionRight;
  typeId: string | null;
  holder: string;
  name: string;
};

const INTERNAL_LEAD_ONLY: DecisionRight = {
  name: 'Declare a major incident',
  proposerKinds: [],
  decider: 'internal_lead',
  delegateMembershipId: null,
  delegatePartyId: null,
};

/** The workspace's "declare a major incident" right; without an active type only the internal lead holds it. */
export async function loadDeclareRight(tx: Tx, workspaceId: string): Promise<DeclareRight> {
  return loadDecisionRight(tx, workspaceId, DECLARE_MAJOR_INCIDENT, INTERNAL_LEAD_ONLY);
}

export const holdsRight = (actor: WorkspaceActor, right: DeclareRight) => canDecide(actor, right.right);

export async function loadIncident(tx: Tx, workspaceId: string, number: number) {
  const [incident] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.workspaceId, workspaceId), eq(incidents.number, number)));
  if (!incident) throw new NotFound(`No major incident ${incidentKey(number)}.`);
  return incident;
}

let lastEventAt = 0;
/** Timeline events of one transaction share now(); a strictly increasing clock keeps their order. */
export function eventClock(): Date {
  lastEventAt = Math.max(Date.now(), lastEventAt + 1);
  return new Date(lastEventAt);
}

export async function addEvent(
  tx: Tx,
  ctx: Pick<WorkspaceContext, 'actor'> | null,
  incident: Pick<Incident, 'id' | 'workspaceId'>,
  kind: IncidentEventKind,
  detail: Record<string, unknown> = {},
) {
  await tx.insert(incidentEvents).values({
    workspaceId: incident.workspaceId,
    incidentId: incident.id,
    kind,
    actorMembershipId: ctx?.actor.membershipId ?? null,
    detail,
    at: eventClock(),
  });
}

export const auditIncident = auditorFor('incident');

/** An active member who can take an incident role: staff (not a viewer) of either party. */
export async function checkRoleHolder(tx: Tx, workspaceId: string, membershipId: string, field: string) {
  const [m] = await tx
    .select({ id: memberships.id, status: memberships.status, role: memberships.role, kind: parties.kind })
    .from(memberships)
    .innerJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.workspaceId, workspaceId)));
  if (m?.status !== 'active' || m.role === 'viewer' || m.role === 'requester')
    throw new Invalid('must name an active lead or agent of a party in this workspace', field);
  return m.id;
}

/** Tickets named by key (ACME-42 or 42) that the actor can see; anything else is refused by field. */
export async function resolveTicketKeys(tx: Tx, actor: WorkspaceActor, keys: string[], field: string) {
  const numbers: number[] = [];
  keys.forEach((key, i) => {
    const parsed = parseTicketKey(key.trim());
    const number = parsed ? ticketNumberIn(parsed, actor.ticketPrefix) : null;
    if (number === null)
      throw new Invalid(
        `"${key}" is not a ticket key of this workspace (such as ${actor.ticketPrefix}-42)`,
        `${field}.${i}`,
      );
    numbers.push(number);
  });
  const rows = await tx
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, actor.workspaceId),
        inArray(tickets.number, numbers),
        visibleTickets(actor),
      ),
    );
  numbers.forEach((n, i) => {
    // Security: a ticket the actor cannot see is refused exactly like one that does not exist.
    if (!rows.some((t) => t.number === n))
      throw new Invalid(`No ticket ${actor.ticketPrefix}-${n} here.`, `${field}.${i}`);
  });
  return [...new Map(rows.map((t) => [t.id, t])).values()];
}
