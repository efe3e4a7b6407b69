import { and, eq, sql } from 'drizzle-orm';
import { insertBacklogItem, type NewBacklogItemInput } from '../../backlog/service.ts';
import type { Tx } from '../../db/client.ts';
import { incidentReviews } from '../../db/schema/incidents.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { incidentKey } from '../../domain/incidents.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, StaleVersion } from '../../server/errors.ts';
import { assertCanIncident, type IncidentAction } from '../policy.ts';
import { addEvent, auditIncident, holdsRight, loadDeclareRight, loadIncident } from './common.ts';

export type ReviewInput = {
  /** The review's version; absent when writing the first draft. */
  version?: number | undefined;
  whatHappened: string;
  impact: string;
  timeline: string;
  causes: string;
  wentWell: string;
};

async function authorised(tx: Tx, ctx: WorkspaceContext, number: number, action: IncidentAction) {
  const incident = await loadIncident(tx, ctx.actor.workspaceId, number);
  const right = await loadDeclareRight(tx, ctx.actor.workspaceId);
  assertCanIncident(ctx.actor, action, incident, holdsRight(ctx.actor, right));
  const [review] = await tx.select().from(incidentReviews).where(eq(incidentReviews.incidentId, incident.id));
  return { incident, review: review ?? null };
}

/** Writes the post-incident review (a draft until completed); staff of both parties write it together. */
export async function saveReview(ctx: WorkspaceContext, number: number, input: ReviewInput) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { incident, review } = await authorised(tx, ctx, number, 'writeReview');
      const { version, ...fields } = input;
      if (review?.status === 'completed')
        throw new Conflict('The review has been completed and is kept as it was.', 'REVIEW_COMPLETED');
      if (!review) {
        const [created] = await tx
          .insert(incidentReviews)
          .values({
            workspaceId: incident.workspaceId,
            incidentId: incident.id,
            ...fields,
            updatedByMembershipId: ctx.actor.membershipId,
          })
          .onConflictDoNothing()
          .returning();
        // Someone else wrote the first draft at the same moment.
        if (!created) throw new StaleVersion('review', 1);
        await auditIncident(tx, ctx, 'incident.review_drafted', incident.id, undefined, created);
        return created;
      }
      if (version !== review.version) throw new StaleVersion('review', review.version);
      const [after] = await tx
        .update(incidentReviews)
        .set({
          ...fields,
          updatedByMembershipId: ctx.actor.membershipId,
          updatedAt: new Date(),
          version: sql`${incidentReviews.version} + 1`,
        })
        .where(and(eq(incidentReviews.id, review.id), eq(incidentReviews.version, review.version)))
        .returning();
      if (!after) throw new StaleVersion('review', review.version);
      await auditIncident(tx, ctx, 'incident.review_changed', incident.id, review, after);
      return after;
    },
    ctx.meta,
  );
}

/** An action from the review: it becomes an item on the improvement backlog, linked to the incident. */
export async function addReviewAction(
  ctx: WorkspaceContext,
  number: number,
  input: Omit<NewBacklogItemInput, 'source' | 'sourceId' | 'sourceLabel'>,
) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { incident, review } = await authorised(tx, ctx, number, 'writeReview');
      if (review?.status === 'completed')
        throw new Conflict(
          'The review has been completed; add further work on the backlog.',
          'REVIEW_COMPLETED',
        );
      const item = await insertBacklogItem(tx, ctx, {
        ...input,
        source: 'post_incident_review',
        sourceId: incident.id,
        sourceLabel: `${incidentKey(incident.number)} post-incident review`,
      });
      await auditIncident(tx, ctx, 'incident.review_action_added', incident.id, undefined, {
        backlogItemId: item.id,
        title: item.title,
      });
      return item;
    },
    ctx.meta,
  );
}

export async function completeReview(ctx: WorkspaceContext, number: number, version: number) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { incident, review } = await authorised(tx, ctx, number, 'completeReview');
      if (!review) throw new Conflict('Write the review before completing it.', 'REVIEW_MISSING');
      if (review.status === 'completed')
        throw new Conflict('The review is already completed.', 'REVIEW_COMPLETED');
      const missing = (['whatHappened', 'impact', 'causes'] as const).filter((k) => review[k].trim() === '');
      if (missing.length > 0)
        throw new Conflict(`The review still needs: ${missing.join(', ')}.`, 'REVIEW_INCOMPLETE');
      const [after] = await tx
        .update(incidentReviews)
        .set({
          status: 'completed',
          completedAt: new Date(),
          completedByMembershipId: ctx.actor.membershipId,
          version: sql`${incidentReviews.version} + 1`,
        })
        .where(and(eq(incidentReviews.id, review.id), eq(incidentReviews.version, version)))
        .returning();
      if (!after) throw new StaleVersion('review', review.version);
      await addEvent(tx, ctx, incident, 'review_completed');
      await auditIncident(
        tx,
        ctx,
        'incident.review_completed',
        incident.id,
        { status: 'draft' },
        { status: 'completed' },
      );
      return after;
    },
    ctx.meta,
  );
}
