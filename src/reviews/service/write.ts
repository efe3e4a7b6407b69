import { and, eq, inArray, sql } from 'drizzle-orm';
import { insertBacklogItem } from '../../backlog/service.ts';
import { nextNumber } from '../../db/counters.ts';
import { reviewCommentary, reviewSettings, serviceReviews } from '../../db/schema/reviews.ts';
import { memberships } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import {
  addDays,
  isoDay,
  type PackSectionId,
  periodProblem,
  serviceReviewKey as reviewKey,
  SECTION_TITLES,
} from '../../domain/measures.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid, StaleVersion } from '../../server/errors.ts';
import type { CreateReviewBody, HoldReviewBody, ReviewActionBody } from '../contract.ts';
import { buildPack, stillBuildingNotice } from '../pack/build.ts';
import { assertCanReview } from '../policy.ts';
import type { ReadinessProvider } from '../readiness-hook.ts';
import { auditReview, cadenceOf, loadReview } from './common.ts';

const refuseHeld = (review: { status: string; heldOn: string | null; number: number }) => {
  if (review.status === 'held')
    throw new Conflict(
      `${reviewKey(review.number)} was held on ${review.heldOn}: its pack, commentary and actions are frozen.`,
      'REVIEW_HELD',
    );
};

/** Prepares the review of a period that has ended; the workspace's snapshot is queued with it. */
export async function createReview(ctx: WorkspaceContext, body: CreateReviewBody, now = new Date()) {
  assertCanReview(ctx.actor, 'create');
  const today = isoDay(now);
  const problem = periodProblem({ start: body.periodStart, end: body.periodEnd }, today);
  if (problem) throw new Invalid(problem.message, `body.${problem.field}`);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const [existing] = await tx
        .select({ number: serviceReviews.number })
        .from(serviceReviews)
        .where(
          and(
            eq(serviceReviews.workspaceId, ws),
            eq(serviceReviews.periodStart, body.periodStart),
            eq(serviceReviews.periodEnd, body.periodEnd),
          ),
        );
      if (existing)
        throw new Conflict(`${reviewKey(existing.number)} already reviews this period.`, 'REVIEW_EXISTS');
      const [review] = await tx
        .insert(serviceReviews)
        .values({
          workspaceId: ws,
          number: await nextNumber(tx, ws, 'service_review'),
          periodStart: body.periodStart,
          periodEnd: body.periodEnd,
          cadence: await cadenceOf(tx, ws),
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await auditReview(tx, ctx, 'service_review.created', review!.id, undefined, review);
      // Trends need snapshots: a workspace's first one backfills its history (once per day).
      const day = addDays(today, -1);
      await ctx.jobs.enqueue(
        tx,
        'reviews.snapshot',
        { workspaceId: ws, day },
        { singletonKey: `reviews.snapshot:${ws}:${day}` },
      );
      return review!;
    },
    ctx.meta,
  );
}

/** The acting lead's party's commentary on one section (written again, it replaces the last). */
export async function writeCommentary(
  ctx: WorkspaceContext,
  number: number,
  section: PackSectionId,
  body: string,
) {
  assertCanReview(ctx.actor, 'comment');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const review = await loadReview(tx, ws, number);
    refuseHeld(review);
    const partyId = ctx.actor.partyId!;
    const [before] = await tx
      .select()
      .from(reviewCommentary)
      .where(
        and(
          eq(reviewCommentary.reviewId, review.id),
          eq(reviewCommentary.section, section),
          eq(reviewCommentary.partyId, partyId),
        ),
      );
    const [after] = await tx
      .insert(reviewCommentary)
      .values({
        workspaceId: ws,
        reviewId: review.id,
        section,
        partyId,
        authorMembershipId: ctx.actor.membershipId,
        body,
      })
      .onConflictDoUpdate({
        target: [
          reviewCommentary.workspaceId,
          reviewCommentary.reviewId,
          reviewCommentary.section,
          reviewCommentary.partyId,
        ],
        set: { body, authorMembershipId: ctx.actor.membershipId, updatedAt: sql`now()` },
      })
      .returning();
    await auditReview(tx, ctx, 'service_review.commented', review.id, before, after);
  });
}

/** An action agreed in the review becomes an improvement backlog item (source: service review). */
export async function agreeReviewAction(ctx: WorkspaceContext, number: number, body: ReviewActionBody) {
  assertCanReview(ctx.actor, 'agreeAction');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const review = await loadReview(tx, ctx.actor.workspaceId, number);
      refuseHeld(review);
      const item = await insertBacklogItem(tx, ctx, {
        title: body.title,
        why: body.why,
        ownerPartyId: body.ownerPartyId,
        priority: body.priority,
        targetQuarter: body.targetQuarter,
        source: 'service_review',
        sourceId: review.id,
        sourceLabel: `${reviewKey(review.number)} · ${SECTION_TITLES[body.section]}`,
      });
      await auditReview(tx, ctx, 'service_review.action_agreed', review.id, undefined, {
        backlogItemId: item.id,
        section: body.section,
      });
      return item;
    },
    ctx.meta,
  );
}

/** Marks the review held and freezes its pack: the figures are stored and never recomputed. */
export async function holdReview(
  ctx: WorkspaceContext,
  number: number,
  body: HoldReviewBody,
  options: { readiness?: ReadinessProvider | undefined; now?: Date } = {},
) {
  assertCanReview(ctx.actor, 'hold');
  const now = options.now ?? new Date();
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const review = await loadReview(tx, ws, number);
    refuseHeld(review);
    if (review.version !== body.version) throw new StaleVersion('review', review.version);
    if (body.heldOn > isoDay(now)) throw new Invalid('lies in the future', 'body.heldOn');
    if (body.heldOn < review.periodStart)
      throw new Invalid(`must not be before the period starts (${review.periodStart})`, 'body.heldOn');
    const period = { start: review.periodStart, end: review.periodEnd };
    // Holding freezes the figures: not while the period's simulated history is still being written.
    const building = await stillBuildingNotice(tx, ws, period);
    if (building)
      throw new Conflict(
        `${reviewKey(review.number)} cannot be held yet: the history of this period is still being built: ${building.daysDone} of ${building.daysTotal} days. It can be held once the build has written ${addDays(building.until, -1)}, the period's last day still missing (the leads' home shows the build's progress); holding now would freeze figures that are not final.`,
        'HISTORY_STILL_BUILDING',
      );
    const pack = await buildPack(tx, {
      workspaceId: ws,
      period,
      cadence: review.cadence as never,
      now,
      readiness: options.readiness,
    });
    const [after] = await tx
      .update(serviceReviews)
      .set({
        status: 'held',
        heldOn: body.heldOn,
        heldAt: now,
        heldByMembershipId: ctx.actor.membershipId,
        attendees: body.attendees,
        frozenPack: pack as unknown as Record<string, unknown>,
        updatedAt: now,
        version: review.version + 1,
      })
      .where(eq(serviceReviews.id, review.id))
      .returning();
    await auditReview(
      tx,
      ctx,
      'service_review.held',
      review.id,
      { status: review.status },
      { status: 'held', heldOn: body.heldOn, attendees: body.attendees },
    );
    return after!;
  });
}

/** Who receives each period's pack by e-mail: active staff members of this workspace. */
export async function updateReviewSettings(
  ctx: WorkspaceContext,
  body: { version: number; recipientMembershipIds: string[] },
) {
  assertCanReview(ctx.actor, 'settings');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const [before] = await tx.select().from(reviewSettings).where(eq(reviewSettings.workspaceId, ws));
    if ((before?.version ?? 0) !== body.version)
      throw new StaleVersion('review settings', before?.version ?? 0);
    const ids = [...new Set(body.recipientMembershipIds)];
    const found =
      ids.length === 0
        ? []
        : await tx
            .select({ id: memberships.id, status: memberships.status, role: memberships.role })
            .from(memberships)
            .where(and(eq(memberships.workspaceId, ws), inArray(memberships.id, ids)));
    body.recipientMembershipIds.forEach((id, i) => {
      const m = found.find((f) => f.id === id);
      if (m?.status !== 'active' || m.role === 'requester')
        throw new Invalid(
          'must name an active staff member of this workspace',
          `body.recipientMembershipIds.${i}`,
        );
    });
    const [after] = await tx
      .insert(reviewSettings)
      .values({ workspaceId: ws, recipientMembershipIds: ids })
      .onConflictDoUpdate({
        target: reviewSettings.workspaceId,
        set: {
          recipientMembershipIds: ids,
          updatedAt: sql`now()`,
          version: sql`${reviewSettings.version} + 1`,
        },
      })
      .returning();
    await auditReview(tx, ctx, 'service_review.settings_changed', ws, before, after);
  });
}
