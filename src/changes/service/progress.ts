import { and, eq } from 'drizzle-orm';
import { insertBacklogItem } from '../../backlog/service.ts';
import type { BacklogPriority } from '../../db/schema/backlog.ts';
import { changeWatchers } from '../../db/schema/changes.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { type ChangeOutcome, changeKey, missingReview, needsReview } from '../../domain/changes.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Forbidden, Invalid } from '../../server/errors.ts';
import { assertCanChange } from '../policy.ts';
import { step } from './approval.ts';
import { addEvent, auditChange, loadChange, updateChange } from './common.ts';
import { notifyChange } from './notify.ts';

const scoped = <T>(ctx: WorkspaceContext, fn: Parameters<typeof withScopedTx<T>>[2]) =>
  withScopedTx(ctx.db, workspaceScope(ctx), fn, ctx.meta);

export async function startChange(ctx: WorkspaceContext, number: number, version: number) {
  return scoped(ctx, async (tx) => {
    const before = await loadChange(tx, ctx.actor.workspaceId, number);
    assertCanChange(ctx.actor, 'implement', before);
    const to = step(before, 'start');
    const after = await updateChange(tx, before, { status: to, startedAt: new Date() }, version);
    await addEvent(tx, ctx, after, 'started');
    await auditChange(tx, ctx, 'change.started', after.id, { status: before.status }, { status: to });
    await notifyChange(tx, ctx, after, 'change.started', 'has started');
    return after;
  });
}

export async function completeChange(
  ctx: WorkspaceContext,
  number: number,
  input: { version: number; outcome: ChangeOutcome; note: string },
) {
  return scoped(ctx, async (tx) => {
    const before = await loadChange(tx, ctx.actor.workspaceId, number);
    assertCanChange(ctx.actor, 'implement', before);
    const to = step(before, input.outcome);
    const after = await updateChange(
      tx,
      before,
      { status: to, outcome: input.outcome, completedAt: new Date(), completionNote: input.note },
      input.version,
    );
    await addEvent(tx, ctx, after, 'completed', { outcome: input.outcome, note: input.note });
    await auditChange(
      tx,
      ctx,
      'change.completed',
      after.id,
      { status: before.status },
      { status: to, note: input.note },
    );
    const words = { implemented: 'is implemented', failed: 'failed', backed_out: 'was backed out' };
    await notifyChange(tx, ctx, after, 'change.completed', words[input.outcome], input.note);
    return after;
  });
}

const REVIEWABLE = ['implemented', 'failed', 'backed_out'] as const;
function assertReviewable(change: { status: string; number: number }) {
  if (!(REVIEWABLE as readonly string[]).includes(change.status))
    throw new Conflict(
      `${changeKey(change.number)} is ${change.status.replace('_', ' ')}; its review is written once it has been carried out and before it closes.`,
      'CHANGE_STATE',
    );
}

export async function saveReview(
  ctx: WorkspaceContext,
  number: number,
  input: { version: number; summary: string; lessons: string },
) {
  return scoped(ctx, async (tx) => {
    const before = await loadChange(tx, ctx.actor.workspaceId, number);
    assertCanChange(ctx.actor, 'writeReview', before);
    assertReviewable(before);
    const after = await updateChange(
      tx,
      before,
      { reviewSummary: input.summary, reviewLessons: input.lessons },
      input.version,
    );
    await addEvent(tx, ctx, after, 'review_saved');
    await auditChange(
      tx,
      ctx,
      'change.review_saved',
      after.id,
      { summary: before.reviewSummary, lessons: before.reviewLessons },
      { summary: after.reviewSummary, lessons: after.reviewLessons },
    );
    return after;
  });
}

/** An action from the post-implementation review lands on the improvement backlog. */
export async function addReviewAction(
  ctx: WorkspaceContext,
  number: number,
  input: { title: string; why: string; ownerPartyId: string; priority: BacklogPriority },
) {
  return scoped(ctx, async (tx) => {
    const change = await loadChange(tx, ctx.actor.workspaceId, number);
    assertCanChange(ctx.actor, 'writeReview', change);
    assertReviewable(change);
    const item = await insertBacklogItem(tx, ctx, {
      ...input,
      source: 'post_change_review',
      sourceId: change.id,
      sourceLabel: `${changeKey(change.number)} post-implementation review`,
    });
    await addEvent(tx, ctx, change, 'review_action_added', { backlogItemId: item.id, title: item.title });
    await auditChange(tx, ctx, 'change.review_action_added', change.id, undefined, {
      backlogItemId: item.id,
      title: item.title,
    });
    return item;
  });
}

/** Closes a carried-out change (reviewed); one that needs a review cannot close without it. */
export async function closeChange(ctx: WorkspaceContext, number: number, version: number) {
  return scoped(ctx, async (tx) => {
    const before = await loadChange(tx, ctx.actor.workspaceId, number);
    assertCanChange(ctx.actor, 'close', before);
    const to = step(before, 'close');
    if (needsReview(before)) {
      const missing = missingReview({ summary: before.reviewSummary, lessons: before.reviewLessons });
      if (missing.length > 0)
        throw new Conflict(
          `${changeKey(number)} needs its post-implementation review before it closes; still missing: ${missing.join(', ')}.`,
          'CHANGE_REVIEW_REQUIRED',
        );
    }
    const after = await updateChange(
      tx,
      before,
      { status: to, closedAt: new Date(), closedByMembershipId: ctx.actor.membershipId },
      version,
    );
    await addEvent(tx, ctx, after, 'closed');
    await auditChange(tx, ctx, 'change.closed', after.id, { status: before.status }, { status: to });
    return after;
  });
}

/** Watch a change (oneself; the internal lead may add any staff member). */
export async function watchChange(
  ctx: WorkspaceContext,
  number: number,
  membershipId: string | undefined,
  on: boolean,
) {
  return scoped(ctx, async (tx) => {
    const change = await loadChange(tx, ctx.actor.workspaceId, number);
    assertCanChange(ctx.actor, 'watch', change);
    const who = membershipId ?? ctx.actor.membershipId;
    if (who !== ctx.actor.membershipId) {
      if (!(ctx.actor.partyKind === 'internal' && ctx.actor.role === 'lead'))
        throw new Forbidden(
          'Only the internal IT lead may add or remove other watchers.',
          'CHANGE_ROLE_REQUIRED',
        );
      const [m] = await tx
        .select({ id: memberships.id, partyId: memberships.partyId, status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.id, who), eq(memberships.workspaceId, ctx.actor.workspaceId)));
      if (!m?.partyId || m.status !== 'active')
        throw new Invalid('must name an active staff member of this workspace', 'body.membershipId');
    }
    if (on)
      await tx
        .insert(changeWatchers)
        .values({ workspaceId: change.workspaceId, changeId: change.id, membershipId: who })
        .onConflictDoNothing();
    else
      await tx
        .delete(changeWatchers)
        .where(and(eq(changeWatchers.changeId, change.id), eq(changeWatchers.membershipId, who)));
    await auditChange(tx, ctx, on ? 'change.watched' : 'change.unwatched', change.id, undefined, {
      membershipId: who,
    });
    return { membershipId: who, watching: on };
  });
}
