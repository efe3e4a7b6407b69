import { and, asc, eq, gte } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../../audit/record.ts';
import { changeFreezes } from '../../db/schema/changes.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid, NotFound } from '../../server/errors.ts';
import type { FreezeBody } from '../contract.ts';
import { assertCanChange } from '../policy.ts';

/** Freezes that have not ended yet (and those that ended within the last year), earliest first. */
export async function listFreezes(ctx: WorkspaceContext) {
  assertCanChange(ctx.actor, 'view');
  const since = new Date(Date.now() - 366 * 86_400_000);
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(changeFreezes)
      .where(and(eq(changeFreezes.workspaceId, ctx.actor.workspaceId), gte(changeFreezes.endsAt, since)))
      .orderBy(asc(changeFreezes.startsAt)),
  );
}

export async function createFreeze(ctx: WorkspaceContext, input: FreezeBody) {
  assertCanChange(ctx.actor, 'manageFreezes');
  if (input.endsAt.getTime() <= input.startsAt.getTime())
    throw new Invalid('must end after it starts', 'body.endsAt');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const [freeze] = await tx
        .insert(changeFreezes)
        .values({
          ...input,
          workspaceId: ctx.actor.workspaceId,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await recordWorkspaceAudit(tx, ctx, {
        action: 'change_freeze.created',
        entityType: 'change_freeze',
        entityId: freeze!.id,
        after: freeze,
      });
      return freeze!;
    },
    ctx.meta,
  );
}

export async function deleteFreeze(ctx: WorkspaceContext, id: string) {
  assertCanChange(ctx.actor, 'manageFreezes');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [freeze] = await tx
      .delete(changeFreezes)
      .where(and(eq(changeFreezes.id, id), eq(changeFreezes.workspaceId, ctx.actor.workspaceId)))
      .returning();
    if (!freeze) throw new NotFound('No such change freeze.');
    await recordWorkspaceAudit(tx, ctx, {
      action: 'change_freeze.deleted',
      entityType: 'change_freeze',
      entityId: freeze.id,
      before: freeze,
    });
    return freeze;
  });
}
