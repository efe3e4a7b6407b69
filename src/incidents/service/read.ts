import { and, asc, count, desc, eq, inArray, max } from 'drizzle-orm';
import { actionsRaisedFrom } from '../../backlog/service.ts';
import {
  type IncidentStatus,
  incidentEvents,
  incidentReviews,
  incidentSubscribers,
  incidents,
  incidentTickets,
  incidentUpdates,
} from '../../db/schema/incidents.ts';
import { tickets } from '../../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { visibleTickets } from '../../tickets/queries.ts';
import { memberNames } from '../../workspaces/names.ts';
import { assertCanIncident } from '../policy.ts';
import { holdsRight, loadDeclareRight, loadIncident } from './common.ts';

export async function listIncidents(ctx: WorkspaceContext, query: { status?: IncidentStatus | undefined }) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    assertCanIncident(
      ctx.actor,
      'view',
      { status: 'open', commanderMembershipId: null, communicationsLeadMembershipId: null },
      false,
    );
    const rows = await tx
      .select()
      .from(incidents)
      .where(
        and(eq(incidents.workspaceId, ws), query.status ? eq(incidents.status, query.status) : undefined),
      )
      .orderBy(desc(incidents.number))
      .limit(500);
    const ids = rows.map((r) => r.id);
    const ticketCounts =
      ids.length === 0
        ? []
        : await tx
            .select({ incidentId: incidentTickets.incidentId, n: count() })
            .from(incidentTickets)
            .where(inArray(incidentTickets.incidentId, ids))
            .groupBy(incidentTickets.incidentId);
    const lastUpdates =
      ids.length === 0
        ? []
        : await tx
            .select({ incidentId: incidentUpdates.incidentId, at: max(incidentUpdates.createdAt) })
            .from(incidentUpdates)
            .where(inArray(incidentUpdates.incidentId, ids))
            .groupBy(incidentUpdates.incidentId);
    const names = await memberNames(
      tx,
      ws,
      rows.flatMap((r) => [r.commanderMembershipId, r.communicationsLeadMembershipId]),
    );
    const right = await loadDeclareRight(tx, ws);
    return {
      rows,
      ticketCounts: new Map(ticketCounts.map((r) => [r.incidentId, r.n])),
      lastUpdates: new Map(lastUpdates.map((r) => [r.incidentId, r.at])),
      names,
      canDeclare: holdsRight(ctx.actor, right),
      declareHolder: right.holder,
    };
  });
}

export async function getIncident(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const incident = await loadIncident(tx, ws, number);
    const right = await loadDeclareRight(tx, ws);
    const holds = holdsRight(ctx.actor, right);
    assertCanIncident(ctx.actor, 'view', incident, holds);
    // Security: linked tickets are listed only when the actor may see them.
    const linked = await tx
      .select({ ticket: tickets, linkedAt: incidentTickets.createdAt })
      .from(incidentTickets)
      .innerJoin(tickets, eq(tickets.id, incidentTickets.ticketId))
      .where(and(eq(incidentTickets.incidentId, incident.id), visibleTickets(ctx.actor)))
      .orderBy(asc(incidentTickets.createdAt), asc(tickets.number));
    const updates = await tx
      .select()
      .from(incidentUpdates)
      .where(eq(incidentUpdates.incidentId, incident.id))
      .orderBy(desc(incidentUpdates.createdAt));
    const subscribers = await tx
      .select()
      .from(incidentSubscribers)
      .where(eq(incidentSubscribers.incidentId, incident.id))
      .orderBy(asc(incidentSubscribers.createdAt));
    const events = await tx
      .select()
      .from(incidentEvents)
      .where(eq(incidentEvents.incidentId, incident.id))
      .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
    const [review] = await tx
      .select()
      .from(incidentReviews)
      .where(eq(incidentReviews.incidentId, incident.id));
    const actions = await actionsRaisedFrom(tx, ws, 'post_incident_review', incident.id);
    const names = await memberNames(tx, ws, [
      incident.declaredByMembershipId,
      incident.commanderMembershipId,
      incident.communicationsLeadMembershipId,
      incident.resolvedByMembershipId,
      review?.completedByMembershipId ?? null,
      ...updates.map((u) => u.authorMembershipId),
      ...subscribers.map((s) => s.membershipId),
      ...events.flatMap((e) => [
        e.actorMembershipId,
        ...(['membershipId', 'commanderMembershipId', 'communicationsLeadMembershipId'] as const).map((k) =>
          typeof e.detail[k] === 'string' ? (e.detail[k] as string) : null,
        ),
      ]),
    ]);
    return {
      incident,
      linked,
      updates,
      subscribers,
      events,
      review: review ?? null,
      actions: actions.map((a) => ({ ...a, incidentNumber: incident.number, incidentTitle: incident.title })),
      names,
      holds,
    };
  });
}

/**
 * What the requester portal shows while incidents are open: the title and the latest public
 * update only (never staff-only updates, linked tickets or people).
 */
export async function openIncidentBanner(ctx: WorkspaceContext) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const open = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.workspaceId, ws), eq(incidents.status, 'open')))
      .orderBy(desc(incidents.declaredAt))
      .limit(5);
    const result = [];
    for (const incident of open) {
      const [latest] = await tx
        .select()
        .from(incidentUpdates)
        .where(and(eq(incidentUpdates.incidentId, incident.id), eq(incidentUpdates.visibility, 'public')))
        .orderBy(desc(incidentUpdates.createdAt))
        .limit(1);
      const [subscribed] = await tx
        .select({ id: incidentSubscribers.id })
        .from(incidentSubscribers)
        .where(
          and(
            eq(incidentSubscribers.incidentId, incident.id),
            eq(incidentSubscribers.membershipId, ctx.actor.membershipId),
          ),
        );
      result.push({ incident, latest: latest ?? null, subscribed: Boolean(subscribed) });
    }
    return result;
  });
}
