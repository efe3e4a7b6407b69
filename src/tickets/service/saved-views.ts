import { and, asc, eq } from 'drizzle-orm';
import { savedViews } from '../../db/schema/tickets.ts';
import { withScopedTx } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Forbidden, NotFound } from '../../server/errors.ts';
import { auditTicket, scopeOf } from './common.ts';

const assertStaff = (ctx: WorkspaceContext) => {
  if (!ctx.actor.partyId) throw new Forbidden('Saved queue views are for staff.', 'TICKET_RIGHT_REQUIRED');
};

/** A person's named queue filters (their own; nobody else sees them). */
export async function listSavedViews(ctx: WorkspaceContext) {
  assertStaff(ctx);
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) =>
    tx
      .select()
      .from(savedViews)
      .where(
        and(
          eq(savedViews.workspaceId, ctx.actor.workspaceId),
          eq(savedViews.membershipId, ctx.actor.membershipId),
        ),
      )
      .orderBy(asc(savedViews.name)),
  );
}

export async function saveView(
  ctx: WorkspaceContext,
  input: { name: string; filters: Record<string, unknown> },
) {
  assertStaff(ctx);
  return withScopedTx(
    ctx.db,
    scopeOf(ctx),
    async (tx) => {
      const [view] = await tx
        .insert(savedViews)
        .values({ workspaceId: ctx.actor.workspaceId, membershipId: ctx.actor.membershipId, ...input })
        .returning();
      await auditTicket(tx, ctx, 'saved_view.created', view!.id, undefined, input);
      return view!;
    },
    ctx.meta,
  );
}

export async function deleteView(ctx: WorkspaceContext, id: string) {
  assertStaff(ctx);
  await withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const [gone] = await tx
      .delete(savedViews)
      .where(
        and(
          eq(savedViews.id, id),
          eq(savedViews.workspaceId, ctx.actor.workspaceId),
          eq(savedViews.membershipId, ctx.actor.membershipId),
        ),
      )
      .returning();
    if (!gone) throw new NotFound('No such saved view.');
    await auditTicket(tx, ctx, 'saved_view.deleted', id, { name: gone.name });
  });
}
