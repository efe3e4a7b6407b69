import { and, eq } from 'drizzle-orm';
import { recordWorkspaceAudit } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { type Change, changes, changeTemplates } from '../../db/schema/changes.ts';
import type { Decision } from '../../db/schema/decisions.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { type DecisionOutcome, onDecisionOutcome } from '../../decisions/outcomes.ts';
import { insertDecision } from '../../decisions/record.ts';
import {
  APPROVE_NORMAL_CHANGE,
  type ChangeStep,
  changeKey,
  EMERGENCY_CHANGE,
  riskLevel,
  templateKey,
  transition,
} from '../../domain/changes.ts';
import { notify } from '../../notifications/notify.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid } from '../../server/errors.ts';
import { assertCanChange } from '../policy.ts';
import { addEvent, auditChange, loadChange, loadChangeRight, loadLinkIds, updateChange } from './common.ts';
import { notifyChange } from './notify.ts';
import { assertOutsideFreeze, conflictsOf } from './planning.ts';

export function step(change: Change, s: ChangeStep) {
  const result = transition(change.status, s);
  if (!result.ok) throw new Conflict(`${changeKey(change.number)}: ${result.message}`, 'CHANGE_STATE');
  return result.to;
}

/** What a change needs before anyone is asked to approve it; the first gap is the error's field. */
function assertReady(change: Change) {
  const missing: Array<[string, string]> = [];
  if (!change.plannedStart || !change.plannedEnd) missing.push(['plannedStart', 'a planned window']);
  if (change.implementationPlan.trim() === '') missing.push(['implementationPlan', 'an implementation plan']);
  if (change.backoutPlan.trim() === '') missing.push(['backoutPlan', 'a back-out plan']);
  if (change.type === 'emergency' && (change.emergencyReason ?? '').trim() === '')
    missing.push(['emergencyReason', 'the reason it cannot wait']);
  if (missing.length > 0)
    throw new Invalid(
      `Before it is submitted the change needs ${missing.map((m) => m[1]).join(', ')}.`,
      `body.${missing[0]![0]}`,
    );
}

async function raiseDecision(tx: Tx, ctx: WorkspaceContext, change: Change, context: string) {
  const right = await loadChangeRight(tx, ctx.actor.workspaceId, change.type);
  if (!right.typeId)
    throw new Conflict(
      `This workspace has no active "${right.name}" decision type; restore it on the decision rights page first.`,
      'DECISION_TYPE_MISSING',
    );
  const decision = await insertDecision(tx, ctx, {
    typeId: right.typeId,
    title: `${change.type === 'emergency' ? 'Authorise emergency change' : 'Approve change'} ${changeKey(change.number)}: ${change.title}`,
    context,
  });
  await recordWorkspaceAudit(tx, ctx, {
    action: 'decision.proposed',
    entityType: 'decision',
    entityId: decision.id,
    after: decision,
  });
  return { decision, right };
}

function decisionContext(change: Change, conflicts: string[]) {
  return [
    change.description,
    `Risk: ${riskLevel(change.likelihood, change.impact).replace('_', ' ')} (likelihood ${change.likelihood} × impact ${change.impact}).`,
    `Window: ${change.plannedStart?.toISOString()} – ${change.plannedEnd?.toISOString()} (${change.timezone}).`,
    change.emergencyReason ? `Why it cannot wait: ${change.emergencyReason}` : '',
    `Back-out plan: ${change.backoutPlan}`,
    conflicts.length > 0 ? `Conflicts: ${conflicts.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Submits a change: a normal or emergency change raises a decision request for the holder of the
 * right; a standard change (from an approved template) is scheduled at once.
 */
export async function submitChange(ctx: WorkspaceContext, number: number, version: number) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const before = await loadChange(tx, ctx.actor.workspaceId, number);
      assertCanChange(ctx.actor, 'submit', before);
      if (version !== before.version)
        throw new Conflict(
          `${changeKey(number)} was changed since you loaded it; reload and try again.`,
          'STALE_VERSION',
        );
      step(before, 'submit');
      assertReady(before);
      await assertOutsideFreeze(tx, before);
      const systemIds = (await loadLinkIds(tx, [before.id])).get(before.id)!.system;
      const conflicts = (await conflictsOf(tx, before, systemIds)).map(
        (c) => `${changeKey(c.other.number)} on ${c.otherSystemName}`,
      );
      const now = new Date();
      const common = {
        submittedByMembershipId: ctx.actor.membershipId,
        submittedAt: now,
        rejectionReason: null,
      };
      if (before.type === 'standard') {
        const after = await updateChange(tx, before, { ...common, status: 'scheduled', approvedAt: now });
        await addEvent(tx, ctx, after, 'submitted', { conflicts });
        await addEvent(tx, ctx, after, 'scheduled', { preApproved: true });
        await auditChange(
          tx,
          ctx,
          'change.scheduled',
          after.id,
          { status: before.status },
          { status: after.status, standard: true },
        );
        await notifyChange(tx, ctx, after, 'change.approved', 'is scheduled (standard change)');
        return after;
      }
      const { decision, right } = await raiseDecision(tx, ctx, before, decisionContext(before, conflicts));
      const after = await updateChange(tx, before, {
        ...common,
        status: 'submitted',
        decisionId: decision.id,
      });
      await addEvent(tx, ctx, after, 'submitted', { decision: `DEC-${decision.number}`, conflicts });
      await auditChange(
        tx,
        ctx,
        'change.submitted',
        after.id,
        { status: before.status },
        {
          status: after.status,
          decisionId: decision.id,
        },
      );
      // Whoever holds the right hears of it: the internal lead always, the delegate when there is one.
      await notify(tx, ctx, {
        event: 'change.submitted',
        recipients: [
          { partyKind: 'internal', roles: ['lead'] },
          ...(right.right.delegateMembershipId ? [{ membershipId: right.right.delegateMembershipId }] : []),
          ...(right.right.delegatePartyId
            ? [{ partyId: right.right.delegatePartyId, roles: ['lead' as const] }]
            : []),
        ],
        subject: `${changeKey(after.number)} awaits ${right.name.toLowerCase()}: ${after.title}`,
        body: conflicts.length > 0 ? `Conflicts: ${conflicts.join('; ')}` : '',
        link: `/w/${ctx.actor.workspaceSlug}/changes/${changeKey(after.number)}`,
        dedupeKey: `change.submitted:${decision.id}`,
        data: { change: changeKey(after.number), decision: `DEC-${decision.number}` },
      });
      return after;
    },
    ctx.meta,
  );
}

/** The decision on a change: approval schedules it; rejection returns it with the reason. */
async function decideChange(
  tx: Tx,
  ctx: WorkspaceContext,
  change: Change,
  decision: Decision,
  outcome: DecisionOutcome,
) {
  const reason = decision.rationale ?? '';
  if (outcome === 'approved') {
    step(change, 'approve');
    // The freeze is checked again: one may have been declared since the change was submitted.
    await assertOutsideFreeze(tx, change);
    const after = await updateChange(tx, change, { status: 'scheduled', approvedAt: new Date() });
    await addEvent(tx, ctx, after, 'approved', { decision: `DEC-${decision.number}`, rationale: reason });
    await addEvent(tx, ctx, after, 'scheduled');
    await auditChange(
      tx,
      ctx,
      'change.approved',
      after.id,
      { status: change.status },
      { status: after.status, rationale: reason },
    );
    await notifyChange(tx, ctx, after, 'change.approved', 'is approved and scheduled', reason);
    return;
  }
  const to = step(change, outcome === 'rejected' ? 'reject' : 'withdraw');
  const after = await updateChange(tx, change, {
    status: to,
    rejectionReason: outcome === 'rejected' ? reason : null,
  });
  await addEvent(tx, ctx, after, outcome, { decision: `DEC-${decision.number}`, rationale: reason });
  await auditChange(
    tx,
    ctx,
    `change.${outcome}`,
    after.id,
    { status: change.status },
    { status: to, rationale: reason },
  );
  if (outcome === 'rejected') await notifyChange(tx, ctx, after, 'change.rejected', 'is rejected', reason);
}

async function decideTemplate(tx: Tx, ctx: WorkspaceContext, decision: Decision, outcome: DecisionOutcome) {
  const [template] = await tx
    .select()
    .from(changeTemplates)
    .where(
      and(
        eq(changeTemplates.workspaceId, ctx.actor.workspaceId),
        eq(changeTemplates.decisionId, decision.id),
      ),
    );
  if (template?.status !== 'proposed') return;
  const status = outcome === 'approved' ? 'approved' : outcome === 'rejected' ? 'rejected' : 'retired';
  await tx
    .update(changeTemplates)
    .set({ status, version: template.version + 1 })
    .where(eq(changeTemplates.id, template.id));
  await recordWorkspaceAudit(tx, ctx, {
    action: `change_template.${outcome}`,
    entityType: 'change_template',
    entityId: template.id,
    before: { status: template.status },
    after: { status, key: templateKey(template.number) },
  });
}

/** Deciding a change's (or template's) decision request acts on it in the same transaction. */
export function registerChangeDecisionOutcomes() {
  onDecisionOutcome(
    [APPROVE_NORMAL_CHANGE, EMERGENCY_CHANGE],
    'changes',
    async (tx, ctx, decision, outcome) => {
      const [change] = await tx
        .select()
        .from(changes)
        .where(and(eq(changes.workspaceId, ctx.actor.workspaceId), eq(changes.decisionId, decision.id)));
      if (change) return decideChange(tx, ctx, change, decision, outcome);
      return decideTemplate(tx, ctx, decision, outcome);
    },
  );
}
