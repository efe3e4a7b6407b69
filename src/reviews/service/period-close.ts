import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../audit/record.ts';
import type { Database } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { reviewSettings, serviceReviews } from '../../db/schema/reviews.ts';
import { workspaces } from '../../db/schema/workspaces.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { isoDay, lastEndedPeriod, serviceReviewKey as reviewKey } from '../../domain/measures.ts';
import type { Jobs } from '../../jobs/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { systemMeta } from '../../server/context.ts';
import type { Pack } from '../contract.ts';
import { packToMarkdown } from '../export/markdown.ts';
import { buildPack } from '../pack/build.ts';
import type { ReadinessProvider } from '../readiness-hook.ts';
import { cadenceOf } from './common.ts';

/**
 * After a period ends: its review exists (created as a draft if no lead prepared it) and its pack is
 * e-mailed once to the named recipients (in-app and e-mail through notify(), which honours each
 * person's preferences). `mailedAt` and the notification's dedupe key make it once only.
 */
export async function closeLastPeriod(
  db: Database,
  workspaceId: string,
  options: { jobs: Jobs; now?: Date; readiness?: ReadinessProvider | undefined },
) {
  const now = options.now ?? new Date();
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const cadence = await cadenceOf(tx, workspaceId);
    const period = lastEndedPeriod(cadence, isoDay(now));
    await tx
      .insert(serviceReviews)
      .values({
        workspaceId,
        number: 0,
        periodStart: period.start,
        periodEnd: period.end,
        cadence,
      })
      .onConflictDoNothing()
      .returning()
      .then(async ([created]) => {
        if (!created) return;
        // Numbered after the insert won: a lost race must not use up a number.
        const number = await nextNumber(tx, workspaceId, 'service_review');
        await tx.update(serviceReviews).set({ number }).where(eq(serviceReviews.id, created.id));
        await recordAudit(tx, systemMeta('reviews.period-close'), {
          workspaceId,
          actorAccountId: null,
          actorMembershipId: null,
          action: 'service_review.created',
          entityType: 'service_review',
          entityId: created.id,
          after: { ...created, number },
        });
      });
    const [settings] = await tx
      .select()
      .from(reviewSettings)
      .where(eq(reviewSettings.workspaceId, workspaceId));
    if (!settings || settings.recipientMembershipIds.length === 0) return { mailed: false };
    const [review] = await tx
      .update(serviceReviews)
      .set({ mailedAt: now })
      .where(
        and(
          eq(serviceReviews.workspaceId, workspaceId),
          eq(serviceReviews.periodStart, period.start),
          eq(serviceReviews.periodEnd, period.end),
          isNull(serviceReviews.mailedAt),
        ),
      )
      .returning();
    if (!review) return { mailed: false };
    const pack =
      (review.frozenPack as unknown as Pack | null) ??
      (await buildPack(tx, { workspaceId, period, cadence, now, readiness: options.readiness }));
    const [workspace] = await tx
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    const key = reviewKey(review.number);
    await notify(
      tx,
      { workspaceId, jobs: options.jobs },
      {
        event: 'review.pack_ready',
        recipients: settings.recipientMembershipIds.map((membershipId) => ({ membershipId })),
        subject: `Service review pack ${pack.period.label} (${key})${pack.stillBuilding ? ', still being built' : ''}`,
        body: packToMarkdown(pack, { key, status: review.status, attendees: review.attendees }),
        link: `/w/${workspace!.slug}/reviews/${key}`,
        dedupeKey: `review.pack_ready:${review.id}`,
        data: { review: key, periodStart: period.start, periodEnd: period.end },
      },
    );
    return { mailed: true };
  });
}
