import { desc, eq } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../../audit/record.ts';
import { nextNumber } from '../../db/counters.ts';
import { changeTemplates } from '../../db/schema/changes.ts';
import { decisions } from '../../db/schema/decisions.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { insertDecision } from '../../decisions/record.ts';
import { riskLevel, templateKey } from '../../domain/changes.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict } from '../../server/errors.ts';
import type { TemplateBody } from '../contract.ts';
import { assertCanChange } from '../policy.ts';
import { loadChangeRight } from './common.ts';

export async function listTemplates(ctx: WorkspaceContext) {
  assertCanChange(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ template: changeTemplates, decision: decisions })
      .from(changeTemplates)
      .leftJoin(decisions, eq(decisions.id, changeTemplates.decisionId))
      .where(eq(changeTemplates.workspaceId, ctx.actor.workspaceId))
      .orderBy(desc(changeTemplates.number)),
  );
}

/**
 * Proposes a standard change model. It is approved once, as an approve-normal-change decision;
 * after that its changes skip approval.
 */
export async function proposeTemplate(ctx: WorkspaceContext, input: TemplateBody) {
  assertCanChange(ctx.actor, 'proposeTemplate');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const right = await loadChangeRight(tx, ws, 'normal');
      if (!right.typeId)
        throw new Conflict(
          `This workspace has no active "${right.name}" decision type.`,
          'DECISION_TYPE_MISSING',
        );
      const number = await nextNumber(tx, ws, 'change_template');
      const decision = await insertDecision(tx, ctx, {
        typeId: right.typeId,
        title: `Approve standard change ${templateKey(number)}: ${input.title}`,
        context: [
          input.description,
          `Risk: ${riskLevel(input.likelihood, input.impact).replace('_', ' ')} (likelihood ${input.likelihood} × impact ${input.impact}).`,
          `Implementation: ${input.implementationPlan}`,
          `Back-out plan: ${input.backoutPlan}`,
          'Once approved, changes made from this template are scheduled without further approval.',
        ]
          .filter(Boolean)
          .join('\n\n'),
      });
      const [template] = await tx
        .insert(changeTemplates)
        .values({
          ...input,
          workspaceId: ws,
          number,
          decisionId: decision.id,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await recordWorkspaceAudit(tx, ctx, {
        action: 'decision.proposed',
        entityType: 'decision',
        entityId: decision.id,
        after: decision,
      });
      await recordWorkspaceAudit(tx, ctx, {
        action: 'change_template.proposed',
        entityType: 'change_template',
        entityId: template!.id,
        after: template,
      });
      return { template: template!, decision };
    },
    ctx.meta,
  );
}
