import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { ticketHandoffs, tickets, ticketWatchers } from '../../db/schema/tickets.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import {
  canMoveTo,
  isFrozenChange,
  isReopen,
  type Level,
  priorityOf,
  type TicketStatus,
} from '../../domain/tickets.ts';
import {
  notifyTicket,
  notifyTicketChange,
  type TicketNotifySink,
} from '../../notifications/ticket-events.ts';
import { nowOf, type WorkspaceContext } from '../../server/context.ts';
import { AppError, Conflict, Invalid, StaleVersion } from '../../server/errors.ts';
import { applySlaTicketChange } from '../../sla/clocks.ts';
import { checkWorkspaceParty } from '../../workspaces/party-check.ts';
import { assertCanTicket } from '../policy.ts';
import { findVisibleTicket } from '../queries.ts';
import { auditTicket, scopeOf, type TicketAuditSink } from './common.ts';

export type UpdateTicketInput = {
  version: number;
  status?: TicketStatus | undefined;
  impact?: Level | undefined;
  urgency?: Level | undefined;
  assigneeMembershipId?: string | null | undefined;
  category?: string | null | undefined;
};

const STATUS_TIMESTAMPS = (to: TicketStatus, now: Date) => ({
  resolvedAt: to === 'resolved' ? now : to === 'in_progress' ? null : undefined,
  closedAt: to === 'closed' ? now : to === 'in_progress' ? null : undefined,
});

/** Status, priority, assignee and category; each move checked against the lifecycle. */
export async function updateTicket(ctx: WorkspaceContext, number: number, input: UpdateTicketInput) {
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) => applyTicketUpdate(tx, ctx, number, input));
}

/** Bulk assign or status change: all tickets change, or none (the first refusal names its ticket). */
export async function bulkUpdateTickets(
  ctx: WorkspaceContext,
  input: {
    numbers: number[];
    status?: TicketStatus | undefined;
    assigneeMembershipId?: string | null | undefined;
  },
) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const updated = [];
    for (const number of [...new Set(input.numbers)]) {
      const current = await findVisibleTicket(tx, ctx.actor, number);
      try {
        updated.push(
          await applyTicketUpdate(tx, ctx, number, {
            version: current.version,
            status: input.status === current.status ? undefined : input.status,
            assigneeMembershipId: input.assigneeMembershipId,
          }),
        );
      } catch (error) {
        if (error instanceof AppError) {
          throw new AppError(
            error.statusCode,
            error.code,
            `${ctx.actor.ticketPrefix}-${number}: ${error.message}`,
            error.details,
          );
        }
        throw error;
      }
    }
    return updated;
  });
}

/** The update inside the caller's transaction; `audit` receives its one audit event. */
export async function applyTicketUpdate(
  tx: Tx,
  ctx: WorkspaceContext,
  number: number,
  input: UpdateTicketInput,
  audit: TicketAuditSink = auditTicket,
  notifier: TicketNotifySink = notifyTicket,
) {
  {
    const { actor } = ctx;
    const before = await findVisibleTicket(tx, actor, number);
    const reopening = input.status !== undefined && isReopen(before.status, input.status);
    assertCanTicket(actor, reopening && actor.role === 'requester' ? 'reopen' : 'update', before);
    if (actor.role === 'requester' && (Object.keys(input).length > 2 || !reopening)) {
      throw new Invalid('A requester may only reopen a resolved ticket.', 'body');
    }
    if (input.status !== undefined && !canMoveTo(before.status, input.status)) {
      throw new Conflict(
        `A ticket cannot go from ${before.status.replace(/_/g, ' ')} to ${input.status.replace(/_/g, ' ')}.`,
        'STATUS_NOT_ALLOWED',
      );
    }
    if (isFrozenChange(before.status, input.status)) {
      throw new Conflict(
        'The ticket is closed: reopen it (status in progress) to change it; the same change may set its other fields.',
        'TICKET_CLOSED',
      );
    }
    if (input.assigneeMembershipId) {
      const [assignee] = await tx
        .select({
          id: memberships.id,
          partyId: memberships.partyId,
          status: memberships.status,
          role: memberships.role,
        })
        .from(memberships)
        .where(
          and(eq(memberships.id, input.assigneeMembershipId), eq(memberships.workspaceId, actor.workspaceId)),
        );
      if (assignee?.status !== 'active' || !assignee.partyId || assignee.role === 'viewer') {
        throw new Invalid(
          'The assignee must be an active lead or agent of a party.',
          'body.assigneeMembershipId',
        );
      }
      if (before.lanePartyId && assignee.partyId !== before.lanePartyId) {
        throw new Conflict(
          'The assignee belongs to another party: hand the ticket off to that party first.',
          'ASSIGNEE_OUTSIDE_LANE',
        );
      }
    }
    const impact = input.impact ?? before.impact;
    const urgency = input.urgency ?? before.urgency;
    const now = nowOf(ctx);
    const set = {
      ...(input.status !== undefined && { status: input.status, ...STATUS_TIMESTAMPS(input.status, now) }),
      ...(input.impact !== undefined || input.urgency !== undefined
        ? { impact, urgency, priority: priorityOf(impact, urgency) }
        : {}),
      ...(input.assigneeMembershipId !== undefined && { assigneeMembershipId: input.assigneeMembershipId }),
      ...(input.category !== undefined && { category: input.category }),
      updatedAt: now,
      version: sql`${tickets.version} + 1`,
    };
    const [after] = await tx
      .update(tickets)
      .set(set)
      .where(and(eq(tickets.id, before.id), eq(tickets.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('ticket', before.version);
    await applySlaTicketChange(tx, ctx, before, after, { byStaff: actor.role !== 'requester', at: now });
    const changed = Object.fromEntries(
      (['status', 'priority', 'impact', 'urgency', 'assigneeMembershipId', 'category'] as const)
        .filter((k) => before[k] !== after[k])
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await audit(tx, ctx, reopening ? 'ticket.reopened' : 'ticket.updated', before.id, undefined, changed);
    await notifyTicketChange(tx, ctx, before, after, notifier);
    return after;
  }
}

/** Moves the ticket to another party's lane (or joint triage) with a reason; every handoff is kept and counted. */
export async function handOffTicket(
  ctx: WorkspaceContext,
  number: number,
  input: { toPartyId: string | null; reason: string; version: number },
) {
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) => applyHandOff(tx, ctx, number, input));
}

/** The handoff inside the caller's transaction; `audit` receives its one audit event. */
export async function applyHandOff(
  tx: Tx,
  ctx: WorkspaceContext,
  number: number,
  input: { toPartyId: string | null; reason: string; version?: number | undefined },
  audit: TicketAuditSink = auditTicket,
  notifier: TicketNotifySink = notifyTicket,
) {
  {
    const { actor } = ctx;
    const before = await findVisibleTicket(tx, actor, number);
    assertCanTicket(actor, 'handOff', before);
    if (before.status === 'closed')
      throw new Conflict('Reopen the ticket before handing it off.', 'TICKET_CLOSED');
    if (input.toPartyId === before.lanePartyId)
      throw new Conflict('The ticket is already in that lane.', 'SAME_LANE');
    if (input.toPartyId) {
      await checkWorkspaceParty(
        tx,
        actor.workspaceId,
        input.toPartyId,
        'body.toPartyId',
        'toPartyId names no party of this workspace.',
      );
    }
    const [after] = await tx
      .update(tickets)
      .set({
        lanePartyId: input.toPartyId,
        assigneeMembershipId: null,
        handoffCount: sql`${tickets.handoffCount} + 1`,
        status: before.status === 'new' ? 'triaged' : before.status,
        updatedAt: new Date(),
        version: sql`${tickets.version} + 1`,
      })
      .where(and(eq(tickets.id, before.id), eq(tickets.version, input.version ?? before.version)))
      .returning();
    if (!after) throw new StaleVersion('ticket', before.version);
    await tx.insert(ticketHandoffs).values({
      workspaceId: actor.workspaceId,
      ticketId: before.id,
      fromPartyId: before.lanePartyId,
      toPartyId: input.toPartyId,
      reason: input.reason,
      byMembershipId: actor.membershipId,
    });
    // The party that handed it off keeps seeing the ticket it worked on.
    if (before.lanePartyId) {
      await tx
        .insert(ticketWatchers)
        .values({
          workspaceId: actor.workspaceId,
          ticketId: before.id,
          partyId: before.lanePartyId,
          automatic: true,
        })
        .onConflictDoNothing();
    }
    await audit(
      tx,
      ctx,
      'ticket.handed_off',
      before.id,
      { lanePartyId: before.lanePartyId },
      { lanePartyId: input.toPartyId, reason: input.reason, handoffs: after.handoffCount },
    );
    await notifier(tx, ctx, 'ticket.handed_off', after, { body: input.reason });
    return after;
  }
}
