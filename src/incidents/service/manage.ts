import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  type Incident,
  incidentSubscribers,
  incidents,
  incidentTickets,
  incidentUpdates,
  type UpdateVisibility,
} from '../../db/schema/incidents.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { incidentKey, nextUpdateDue } from '../../domain/incidents.ts';
import { notify } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid, StaleVersion } from '../../server/errors.ts';
import { assertCanIncident, type IncidentAction } from '../policy.ts';
import {
  addEvent,
  auditIncident,
  checkRoleHolder,
  holdsRight,
  loadDeclareRight,
  loadIncident,
  resolveTicketKeys,
} from './common.ts';
import { scheduleUpdateReminder } from './declare.ts';

/** Loads the incident and checks the actor's right, inside the caller's transaction. */
async function authorised(tx: Tx, ctx: WorkspaceContext, number: number, action: IncidentAction) {
  const incident = await loadIncident(tx, ctx.actor.workspaceId, number);
  const right = await loadDeclareRight(tx, ctx.actor.workspaceId);
  assertCanIncident(ctx.actor, action, incident, holdsRight(ctx.actor, right));
  return incident;
}

/**
 * Subscribers hear of updates and the resolution through notifications (in-app, e-mail by their
 * preferences, webhooks); staff-only updates reach staff subscribers only.
 */
async function tellSubscribers(
  tx: Tx,
  ctx: WorkspaceContext,
  incident: Incident,
  event: 'incident.updated' | 'incident.resolved',
  input: { visibility: UpdateVisibility; subject: string; body: string; dedupeKey: string },
) {
  const rows = await tx
    .select({ membershipId: incidentSubscribers.membershipId, partyId: memberships.partyId })
    .from(incidentSubscribers)
    .innerJoin(memberships, eq(memberships.id, incidentSubscribers.membershipId))
    .where(eq(incidentSubscribers.incidentId, incident.id));
  const recipients = rows
    .filter((r) => input.visibility === 'public' || r.partyId !== null)
    .map((r) => ({ membershipId: r.membershipId }));
  if (recipients.length === 0) return;
  const key = incidentKey(incident.number);
  await notify(tx, ctx, {
    event,
    recipients,
    subject: input.subject,
    body: input.body,
    // Requesters follow the incident from the portal's banner; staff open its page.
    link: `/w/${ctx.actor.workspaceSlug}/incidents/${key}`,
    dedupeKey: input.dedupeKey,
    data: { incident: key, visibility: input.visibility },
  });
}

export async function postUpdate(
  ctx: WorkspaceContext,
  number: number,
  input: { body: string; visibility: UpdateVisibility },
) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const incident = await authorised(tx, ctx, number, 'postUpdate');
      const [update] = await tx
        .insert(incidentUpdates)
        .values({
          workspaceId: incident.workspaceId,
          incidentId: incident.id,
          body: input.body,
          visibility: input.visibility,
          authorMembershipId: ctx.actor.membershipId,
        })
        .returning();
      const nextDue = nextUpdateDue(update!.createdAt, incident.updateCadenceMinutes);
      await tx
        .update(incidents)
        .set({ nextUpdateDueAt: nextDue, version: sql`${incidents.version} + 1` })
        .where(eq(incidents.id, incident.id));
      await addEvent(tx, ctx, incident, 'update_posted', {
        updateId: update!.id,
        visibility: input.visibility,
        nextUpdateDueAt: nextDue.toISOString(),
      });
      await auditIncident(tx, ctx, 'incident.update_posted', incident.id, undefined, update);
      await scheduleUpdateReminder(tx, ctx, incident, nextDue);
      await tellSubscribers(tx, ctx, incident, 'incident.updated', {
        visibility: input.visibility,
        subject: `${incidentKey(incident.number)} ${incident.title}: update`,
        body: `${input.body}\n\nNext update by ${nextDue.toISOString()}.`,
        dedupeKey: `incident.updated:${update!.id}`,
      });
      return update!;
    },
    ctx.meta,
  );
}

export async function linkTickets(ctx: WorkspaceContext, number: number, ticketKeys: string[]) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const incident = await authorised(tx, ctx, number, 'linkTickets');
      const found = await resolveTicketKeys(tx, ctx.actor, ticketKeys, 'body.ticketKeys');
      const added = await tx
        .insert(incidentTickets)
        .values(
          found.map((t) => ({
            workspaceId: incident.workspaceId,
            incidentId: incident.id,
            ticketId: t.id,
            linkedByMembershipId: ctx.actor.membershipId,
          })),
        )
        .onConflictDoNothing()
        .returning();
      for (const link of added) {
        const t = found.find((x) => x.id === link.ticketId)!;
        await addEvent(tx, ctx, incident, 'ticket_linked', {
          ticketKey: `${ctx.actor.ticketPrefix}-${t.number}`,
        });
      }
      if (added.length > 0)
        await auditIncident(tx, ctx, 'incident.tickets_linked', incident.id, undefined, {
          tickets: added.map((l) => found.find((x) => x.id === l.ticketId)!.number),
        });
      return added.length;
    },
    ctx.meta,
  );
}

export type ChangeIncidentInput = {
  version: number;
  title?: string | undefined;
  impact?: string | undefined;
  commanderMembershipId?: string | undefined;
  communicationsLeadMembershipId?: string | null | undefined;
  updateCadenceMinutes?: number | undefined;
};

/** Roles, cadence and description; a role change is a timeline event of its own. */
export async function changeIncident(ctx: WorkspaceContext, number: number, input: ChangeIncidentInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const incident = await authorised(tx, ctx, number, 'changeRoles');
      const ws = incident.workspaceId;
      const set: Partial<Incident> = {};
      if (input.title !== undefined) set.title = input.title;
      if (input.impact !== undefined) set.impact = input.impact;
      if (input.commanderMembershipId !== undefined)
        set.commanderMembershipId = await checkRoleHolder(
          tx,
          ws,
          input.commanderMembershipId,
          'body.commanderMembershipId',
        );
      if (input.communicationsLeadMembershipId !== undefined)
        set.communicationsLeadMembershipId =
          input.communicationsLeadMembershipId === null
            ? null
            : await checkRoleHolder(
                tx,
                ws,
                input.communicationsLeadMembershipId,
                'body.communicationsLeadMembershipId',
              );
      if (input.updateCadenceMinutes !== undefined) {
        set.updateCadenceMinutes = input.updateCadenceMinutes;
        // The new cadence counts from the last update (or the declaration).
        const [last] = await tx
          .select({ at: incidentUpdates.createdAt })
          .from(incidentUpdates)
          .where(eq(incidentUpdates.incidentId, incident.id))
          .orderBy(sql`${incidentUpdates.createdAt} desc`)
          .limit(1);
        set.nextUpdateDueAt = nextUpdateDue(last?.at ?? incident.declaredAt, input.updateCadenceMinutes);
      }
      if (Object.keys(set).length === 0) throw new Invalid('Nothing to change.', 'body');
      const [after] = await tx
        .update(incidents)
        .set({ ...set, version: sql`${incidents.version} + 1` })
        .where(and(eq(incidents.id, incident.id), eq(incidents.version, input.version)))
        .returning();
      if (!after) throw new StaleVersion('incident', incident.version);
      const roleChanged =
        after.commanderMembershipId !== incident.commanderMembershipId ||
        after.communicationsLeadMembershipId !== incident.communicationsLeadMembershipId;
      if (roleChanged) {
        await addEvent(tx, ctx, incident, 'role_changed', {
          commanderMembershipId: after.commanderMembershipId,
          communicationsLeadMembershipId: after.communicationsLeadMembershipId,
        });
        for (const membershipId of [after.commanderMembershipId, after.communicationsLeadMembershipId])
          if (membershipId)
            await tx
              .insert(incidentSubscribers)
              .values({ workspaceId: ws, incidentId: incident.id, membershipId })
              .onConflictDoNothing();
      }
      if (set.nextUpdateDueAt && after.nextUpdateDueAt)
        await scheduleUpdateReminder(tx, ctx, after, after.nextUpdateDueAt);
      await auditIncident(
        tx,
        ctx,
        roleChanged ? 'incident.roles_changed' : 'incident.changed',
        incident.id,
        Object.fromEntries(Object.keys(set).map((k) => [k, incident[k as keyof Incident]])),
        set,
      );
      return after;
    },
    ctx.meta,
  );
}

export async function resolveIncident(
  ctx: WorkspaceContext,
  number: number,
  input: { version: number; resolution: string },
) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const incident = await authorised(tx, ctx, number, 'resolve');
      const [after] = await tx
        .update(incidents)
        .set({
          status: 'resolved',
          resolvedAt: new Date(),
          resolvedByMembershipId: ctx.actor.membershipId,
          resolution: input.resolution,
          nextUpdateDueAt: null,
          version: sql`${incidents.version} + 1`,
        })
        .where(
          and(
            eq(incidents.id, incident.id),
            eq(incidents.version, input.version),
            eq(incidents.status, 'open'),
          ),
        )
        .returning();
      if (!after) throw new StaleVersion('incident', incident.version);
      await addEvent(tx, ctx, incident, 'resolved', { resolution: input.resolution });
      await auditIncident(
        tx,
        ctx,
        'incident.resolved',
        incident.id,
        { status: 'open' },
        {
          status: 'resolved',
          resolution: input.resolution,
        },
      );
      await tellSubscribers(tx, ctx, incident, 'incident.resolved', {
        visibility: 'public',
        subject: `${incidentKey(incident.number)} ${incident.title}: resolved`,
        body: input.resolution,
        dedupeKey: `incident.resolved:${incident.id}`,
      });
      return after;
    },
    ctx.meta,
  );
}

/** Anyone in the workspace may follow an open incident; subscribing someone else needs an incident role. */
export async function subscribe(ctx: WorkspaceContext, number: number, membershipId: string | undefined) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const self = !membershipId || membershipId === ctx.actor.membershipId;
      const incident = self
        ? await loadIncident(tx, ctx.actor.workspaceId, number)
        : await authorised(tx, ctx, number, 'subscribeOthers');
      const who = membershipId ?? ctx.actor.membershipId;
      if (!self) {
        const [m] = await tx
          .select({ id: memberships.id, status: memberships.status })
          .from(memberships)
          .where(and(eq(memberships.id, who), eq(memberships.workspaceId, incident.workspaceId)));
        if (m?.status !== 'active')
          throw new Invalid('must name an active member of this workspace', 'body.membershipId');
      }
      const added = await tx
        .insert(incidentSubscribers)
        .values({ workspaceId: incident.workspaceId, incidentId: incident.id, membershipId: who })
        .onConflictDoNothing()
        .returning();
      if (added.length > 0) {
        await addEvent(tx, ctx, incident, 'subscribed', { membershipId: who });
        await auditIncident(tx, ctx, 'incident.subscribed', incident.id, undefined, { membershipId: who });
      }
      return { incident, membershipId: who };
    },
    ctx.meta,
  );
}

export async function unsubscribe(ctx: WorkspaceContext, number: number, membershipId: string) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const self = membershipId === ctx.actor.membershipId;
      const incident = self
        ? await loadIncident(tx, ctx.actor.workspaceId, number)
        : await authorised(tx, ctx, number, 'subscribeOthers');
      const removed = await tx
        .delete(incidentSubscribers)
        .where(
          and(
            eq(incidentSubscribers.incidentId, incident.id),
            eq(incidentSubscribers.membershipId, membershipId),
          ),
        )
        .returning();
      if (removed.length > 0) {
        await addEvent(tx, ctx, incident, 'unsubscribed', { membershipId });
        await auditIncident(tx, ctx, 'incident.unsubscribed', incident.id, { membershipId }, undefined);
      }
    },
    ctx.meta,
  );
}
