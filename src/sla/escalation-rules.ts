import { and, asc, eq, sql } from 'drizzle-orm';
import { type EscalationActions, type SlaClockKind, slaEscalationRules } from '../db/schema/sla.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import type { Priority } from '../domain/tickets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { audit } from './common.ts';
import { assertCanSla } from './policy.ts';

/** Escalation rules: what happens at a share of a clock's target, set by the internal lead. */
export type EscalationRuleInput = {
  priority: Priority;
  clockKind: SlaClockKind;
  atPercent: number;
  actions: EscalationActions;
  note: string;
};

export async function listEscalationRules(ctx: WorkspaceContext) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select()
      .from(slaEscalationRules)
      .where(eq(slaEscalationRules.workspaceId, ctx.actor.workspaceId))
      .orderBy(
        asc(slaEscalationRules.priority),
        asc(slaEscalationRules.clockKind),
        asc(slaEscalationRules.atPercent),
      ),
  );
}

/** A rule that would do nothing is refused, naming its actions. */
function assertRuleActs(a: EscalationActions) {
  if (a.notifyRoles.length === 0 && !a.notifyOtherPartyLead && !a.reassignToMembershipId && !a.raisePriority)
    throw new Invalid(
      'An escalation rule must do something: notify, reassign or raise the priority.',
      'body.actions',
    );
}

export async function createEscalationRule(ctx: WorkspaceContext, input: EscalationRuleInput) {
  assertCanSla(ctx.actor, 'managePolicies');
  assertRuleActs(input.actions);
  const a = input.actions;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      if (a.reassignToMembershipId) {
        const [m] = await tx
          .select({
            id: memberships.id,
            role: memberships.role,
            status: memberships.status,
            partyId: memberships.partyId,
          })
          .from(memberships)
          .where(
            and(
              eq(memberships.id, a.reassignToMembershipId),
              eq(memberships.workspaceId, ctx.actor.workspaceId),
            ),
          );
        if (m?.status !== 'active' || !m.partyId || m.role === 'viewer' || m.role === 'requester')
          throw new Invalid(
            'reassignToMembershipId must name an active lead or agent.',
            'body.actions.reassignToMembershipId',
          );
      }
      const [rule] = await tx
        .insert(slaEscalationRules)
        .values({ workspaceId: ctx.actor.workspaceId, ...input })
        .returning();
      await audit(tx, ctx, 'sla_escalation_rule.created', 'sla_escalation_rule', rule!.id, undefined, input);
      return rule!;
    },
    ctx.meta,
  );
}

/** A rule's share, actions or handoff note; clocks already running pick it up at their next timer. */
export async function updateEscalationRule(
  ctx: WorkspaceContext,
  id: string,
  input: {
    version: number;
    atPercent?: number | undefined;
    actions?: EscalationActions | undefined;
    note?: string | undefined;
  },
) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .select()
      .from(slaEscalationRules)
      .where(and(eq(slaEscalationRules.id, id), eq(slaEscalationRules.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new NotFound('No such escalation rule.');
    const actions = input.actions ?? before.actions;
    assertRuleActs(actions);
    const [after] = await tx
      .update(slaEscalationRules)
      .set({
        atPercent: input.atPercent ?? before.atPercent,
        actions,
        note: input.note ?? before.note,
        version: sql`${slaEscalationRules.version} + 1`,
      })
      .where(and(eq(slaEscalationRules.id, id), eq(slaEscalationRules.version, input.version)))
      .returning();
    if (!after) throw new StaleVersion('escalation rule', before.version);
    await audit(tx, ctx, 'sla_escalation_rule.updated', 'sla_escalation_rule', id, before, after);
    return after;
  });
}

export async function deleteEscalationRule(ctx: WorkspaceContext, id: string) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .delete(slaEscalationRules)
      .where(and(eq(slaEscalationRules.id, id), eq(slaEscalationRules.workspaceId, ctx.actor.workspaceId)))
      .returning();
    if (!before) throw new NotFound('No such escalation rule.');
    await audit(tx, ctx, 'sla_escalation_rule.deleted', 'sla_escalation_rule', id, before);
  });
}
