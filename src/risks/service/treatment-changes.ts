import { and, asc, eq } from 'drizzle-orm';
import { loadChange } from '../../changes/service/common.ts';
import type { Tx } from '../../db/client.ts';
import { changes } from '../../db/schema/changes.ts';
import { riskChanges } from '../../db/schema/risks.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { changeKey } from '../../domain/changes.ts';
import { riskKey } from '../../domain/risks.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, NotFound } from '../../server/errors.ts';
import { assertCanRisk } from '../policy.ts';
import { auditRisk, loadRisk } from './common.ts';

/** The change records carrying out a risk's treatment, with their status. */
export async function treatmentChangesOf(tx: Tx, riskId: string) {
  return tx
    .select({ id: changes.id, number: changes.number, title: changes.title, status: changes.status })
    .from(riskChanges)
    .innerJoin(changes, eq(changes.id, riskChanges.changeId))
    .where(eq(riskChanges.riskId, riskId))
    .orderBy(asc(changes.number));
}

/** Links a change record to a risk as one of its treatment actions (staff who may edit the risk). */
export async function linkRiskChange(ctx: WorkspaceContext, number: number, changeNumber: number) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const risk = await loadRisk(tx, ws, number);
      assertCanRisk(ctx.actor, 'edit', risk);
      if (risk.status !== 'open') throw new Conflict('The risk is closed.', 'RISK_CLOSED');
      const change = await loadChange(tx, ws, changeNumber);
      const [row] = await tx
        .insert(riskChanges)
        .values({
          workspaceId: ws,
          riskId: risk.id,
          changeId: change.id,
          linkedByMembershipId: ctx.actor.membershipId,
        })
        .onConflictDoNothing()
        .returning();
      if (!row)
        throw new Conflict(
          `${changeKey(changeNumber)} already treats ${riskKey(risk.number)}.`,
          'RISK_CHANGE_LINKED',
        );
      await auditRisk(tx, ctx, 'risk.change_linked', risk.id, undefined, {
        change: changeKey(change.number),
        changeId: change.id,
      });
    },
    ctx.meta,
  );
}

export async function unlinkRiskChange(ctx: WorkspaceContext, number: number, changeNumber: number) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const risk = await loadRisk(tx, ws, number);
    assertCanRisk(ctx.actor, 'edit', risk);
    const change = await loadChange(tx, ws, changeNumber);
    const [gone] = await tx
      .delete(riskChanges)
      .where(and(eq(riskChanges.riskId, risk.id), eq(riskChanges.changeId, change.id)))
      .returning();
    if (!gone)
      throw new NotFound(`${changeKey(changeNumber)} is not a treatment action of ${riskKey(risk.number)}.`);
    await auditRisk(
      tx,
      ctx,
      'risk.change_unlinked',
      risk.id,
      { change: changeKey(change.number), changeId: change.id },
      undefined,
    );
  });
}
