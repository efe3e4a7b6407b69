import type { Tx } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { type Incident, incidentSubscribers, incidents, incidentTickets } from '../../db/schema/incidents.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { recordTakenDecision } from '../../decisions/record.ts';
import { assertHoldsRight } from '../../decisions/types.ts';
import { incidentKey, nextUpdateDue } from '../../domain/incidents.ts';
import { notify } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { addEvent, auditIncident, checkRoleHolder, loadDeclareRight, resolveTicketKeys } from './common.ts';

export type DeclareIncidentInput = {
  title: string;
  impact: string;
  ticketKeys: string[];
  commanderMembershipId?: string | undefined;
  communicationsLeadMembershipId?: string | undefined;
  updateCadenceMinutes: number;
  rationale: string;
};

/** The stakeholder-update reminder: a durable timer committed with the change that sets the due time. */
export async function scheduleUpdateReminder(
  tx: Tx,
  ctx: Pick<WorkspaceContext, 'jobs'>,
  incident: Pick<Incident, 'id' | 'workspaceId'>,
  dueAt: Date,
) {
  await ctx.jobs.enqueue(
    tx,
    'incident.update-due',
    { workspaceId: incident.workspaceId, incidentId: incident.id, dueAt: dueAt.toISOString() },
    { startAfter: dueAt },
  );
}

/**
 * Declares a major incident from one or more tickets. Only the holder of the "declare a major
 * incident" decision right may; the declaration is kept in the decision log as an approved decision.
 */
export async function declareIncident(ctx: WorkspaceContext, input: DeclareIncidentInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const right = await loadDeclareRight(tx, ws);
      // Security: the decision right is checked before anything about the tickets is revealed.
      assertHoldsRight(ctx.actor, right, 'Declaring a major incident');
      const linked = await resolveTicketKeys(tx, ctx.actor, input.ticketKeys, 'body.ticketKeys');
      const commander = input.commanderMembershipId
        ? await checkRoleHolder(tx, ws, input.commanderMembershipId, 'body.commanderMembershipId')
        : ctx.actor.membershipId;
      const comms = input.communicationsLeadMembershipId
        ? await checkRoleHolder(
            tx,
            ws,
            input.communicationsLeadMembershipId,
            'body.communicationsLeadMembershipId',
          )
        : null;
      const number = await nextNumber(tx, ws, 'incident');
      const now = new Date();
      const key = incidentKey(number);
      const decisionId = await recordTakenDecision(
        tx,
        ctx,
        right,
        {
          title: `Declare major incident ${key}: ${input.title}`,
          context: [
            input.impact,
            `Tickets: ${linked.map((t) => `${ctx.actor.ticketPrefix}-${t.number}`).join(', ')}`,
          ]
            .filter(Boolean)
            .join('\n\n'),
          rationale: input.rationale || 'Declared as a major incident.',
        },
        now,
        { incident: key },
      );
      const nextDue = nextUpdateDue(now, input.updateCadenceMinutes);
      const [incident] = await tx
        .insert(incidents)
        .values({
          workspaceId: ws,
          number,
          title: input.title,
          impact: input.impact,
          decisionId,
          declaredByMembershipId: ctx.actor.membershipId,
          declaredAt: now,
          commanderMembershipId: commander,
          communicationsLeadMembershipId: comms,
          updateCadenceMinutes: input.updateCadenceMinutes,
          nextUpdateDueAt: nextDue,
        })
        .returning();
      const row = incident!;
      await tx.insert(incidentTickets).values(
        linked.map((t) => ({
          workspaceId: ws,
          incidentId: row.id,
          ticketId: t.id,
          linkedByMembershipId: ctx.actor.membershipId,
        })),
      );
      // The people in charge follow their incident.
      const followers = [...new Set([ctx.actor.membershipId, commander, comms].filter((x) => x !== null))];
      await tx
        .insert(incidentSubscribers)
        .values(followers.map((membershipId) => ({ workspaceId: ws, incidentId: row.id, membershipId })));
      await addEvent(tx, ctx, row, 'declared', {
        title: input.title,
        commanderMembershipId: commander,
        communicationsLeadMembershipId: comms,
      });
      for (const t of linked)
        await addEvent(tx, ctx, row, 'ticket_linked', { ticketKey: `${ctx.actor.ticketPrefix}-${t.number}` });
      await auditIncident(tx, ctx, 'incident.declared', row.id, undefined, {
        ...row,
        tickets: linked.map((t) => t.number),
      });
      await scheduleUpdateReminder(tx, ctx, row, nextDue);
      // Both parties' leads and the people in charge hear of it at once.
      await notify(tx, ctx, {
        event: 'incident.declared',
        recipients: [
          { partyKind: 'internal', roles: ['lead'] },
          { partyKind: 'provider', roles: ['lead'] },
          ...followers.map((membershipId) => ({ membershipId })),
        ],
        subject: `Major incident ${key} declared: ${input.title}`,
        body: input.impact,
        link: `/w/${ctx.actor.workspaceSlug}/incidents/${key}`,
        dedupeKey: `incident.declared:${row.id}`,
        data: { incident: key },
      });
      return row;
    },
    ctx.meta,
  );
}
