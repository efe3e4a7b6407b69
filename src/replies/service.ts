import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { type CannedResponse, cannedResponses } from '../db/schema/replies.ts';
import { services } from '../db/schema/responsibility.ts';
import type { CommentVisibility } from '../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { fillPlaceholders, firstName } from '../domain/placeholders.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { NotFound, StaleVersion } from '../server/errors.ts';
import { findVisibleTicket } from '../tickets/queries.ts';
import { memberNames } from '../workspaces/names.ts';
import { assertCanReply, canSeeCannedResponse } from './policy.ts';

const audit = auditorFor('canned_response');

/** One the actor may see; another party's or another workspace's answers 404 like a missing one. */
async function findVisible(tx: Tx, ctx: WorkspaceContext, id: string): Promise<CannedResponse> {
  const [row] = await tx
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.id, id), eq(cannedResponses.workspaceId, ctx.actor.workspaceId)));
  if (!row || !canSeeCannedResponse(ctx.actor, row)) throw new NotFound('No such canned response.');
  return row;
}

/** The responses the actor may use, most used first within title search. */
export async function listCannedResponses(ctx: WorkspaceContext, q?: string) {
  assertCanReply(ctx.actor, 'list');
  const partyId = ctx.actor.partyId;
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(cannedResponses)
      .where(
        and(
          eq(cannedResponses.workspaceId, ctx.actor.workspaceId),
          or(isNull(cannedResponses.partyId), partyId ? eq(cannedResponses.partyId, partyId) : undefined),
          q ? ilike(cannedResponses.title, `%${q.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
        ),
      )
      .orderBy(sql`${cannedResponses.usageCount} desc`, asc(cannedResponses.title))
      .limit(200),
  );
}

export async function createCannedResponse(
  ctx: WorkspaceContext,
  input: { title: string; body: string; visibility: CommentVisibility; scope: 'workspace' | 'party' },
) {
  const partyId = input.scope === 'workspace' ? null : ctx.actor.partyId;
  assertCanReply(ctx.actor, 'create', { partyId });
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const [row] = await tx
        .insert(cannedResponses)
        .values({
          workspaceId: ctx.actor.workspaceId,
          partyId,
          title: input.title,
          body: input.body,
          visibility: input.visibility,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await audit(tx, ctx, 'canned_response.created', row!.id, undefined, { ...input, partyId });
      return row!;
    },
    ctx.meta,
  );
}

export async function updateCannedResponse(
  ctx: WorkspaceContext,
  id: string,
  input: {
    version: number;
    title?: string | undefined;
    body?: string | undefined;
    visibility?: CommentVisibility | undefined;
  },
) {
  assertCanReply(ctx.actor, 'update');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertCanReply(ctx.actor, 'update', before);
    const { version, ...change } = input;
    const [after] = await tx
      .update(cannedResponses)
      .set({ ...change, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(cannedResponses.id, id), eq(cannedResponses.version, version)))
      .returning();
    if (!after) throw new StaleVersion('canned response', before.version);
    await audit(tx, ctx, 'canned_response.updated', id, before, change);
    return after;
  });
}

export async function deleteCannedResponse(ctx: WorkspaceContext, id: string) {
  assertCanReply(ctx.actor, 'delete');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertCanReply(ctx.actor, 'delete', before);
    await tx.delete(cannedResponses).where(eq(cannedResponses.id, id));
    await audit(tx, ctx, 'canned_response.deleted', id, before);
  });
}

/** The body filled for a ticket the actor sees; counts the use (audited with it). */
export async function useCannedResponse(ctx: WorkspaceContext, id: string, ticketNumber: number) {
  assertCanReply(ctx.actor, 'use');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const filled = await fillCannedResponse(tx, ctx, id, ticketNumber);
    await audit(tx, ctx, 'canned_response.used', id, undefined, { ticketId: filled.ticketId });
    return { body: filled.body, visibility: filled.visibility, usageCount: filled.usageCount };
  });
}

/**
 * The canned response filled for a ticket the actor sees, counting the use, inside the caller's
 * transaction (a macro records the use in its own audit event).
 */
export async function fillCannedResponse(tx: Tx, ctx: WorkspaceContext, id: string, ticketNumber: number) {
  {
    const response = await findVisible(tx, ctx, id);
    assertCanReply(ctx.actor, 'use', response);
    const ticket = await findVisibleTicket(tx, ctx.actor, ticketNumber);
    const people = await memberNames(tx, ctx.actor.workspaceId, [
      ticket.requesterMembershipId,
      ctx.actor.membershipId,
    ]);
    const nameOf = (membershipId: string) => people.get(membershipId) ?? '';
    const [service] = await tx
      .select({ name: services.name })
      .from(services)
      .where(eq(services.id, ticket.serviceId));
    const body = fillPlaceholders(response.body, {
      'requester.firstName': firstName(nameOf(ticket.requesterMembershipId)),
      'requester.name': nameOf(ticket.requesterMembershipId),
      'agent.firstName': firstName(nameOf(ctx.actor.membershipId)),
      'agent.name': nameOf(ctx.actor.membershipId),
      'ticket.key': `${ctx.actor.ticketPrefix}-${ticket.number}`,
      'ticket.subject': ticket.subject,
      'service.name': service?.name ?? '',
    });
    const [counted] = await tx
      .update(cannedResponses)
      .set({ usageCount: sql`${cannedResponses.usageCount} + 1` })
      .where(eq(cannedResponses.id, id))
      .returning({ usageCount: cannedResponses.usageCount });
    return {
      body,
      visibility: response.visibility,
      usageCount: counted!.usageCount,
      ticketId: ticket.id,
      title: response.title,
    };
  }
}
