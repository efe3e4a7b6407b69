import { and, eq, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { type DatabaseHandle, selectRows } from '../db/client.ts';
import { risks } from '../db/schema/risks.ts';
import { workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { riskKey } from '../domain/risks.ts';
import type { Jobs } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { systemMeta } from '../server/context.ts';
import { handleAcceptanceExpiry } from './acceptance-expiry.job.ts';

/**
 * Each open risk whose review date has come gets one reminder for that date (its owner is
 * notified). The claim is a conditional update and the dedupe key names the date, so several
 * instances never remind twice. Called by the obligations sweep (every few minutes).
 */
export async function sweepRiskReviews(
  database: DatabaseHandle,
  options: { jobs: Jobs; now?: Date },
): Promise<{ reminded: number; lapsed: number }> {
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  // Which workspaces have work comes from a narrow tandem_definer function (row-level security hides
  // other workspaces); each is then handled in its own scope.
  const due = await selectRows<{ workspace_id: string }>(
    database.db,
    sql`select workspace_id from tandem_workspaces_with_due_risk_reviews(${day}::date)`,
  );
  let reminded = 0;
  for (const { workspace_id: workspaceId } of due) {
    reminded += await withScopedTx(database.db, { workspaceId, accountId: null }, async (tx) => {
      const claimed = await tx
        .update(risks)
        .set({ reviewRemindedOn: sql`${risks.reviewOn}` })
        .where(
          and(
            eq(risks.workspaceId, workspaceId),
            eq(risks.status, 'open'),
            isNotNull(risks.reviewOn),
            lte(risks.reviewOn, day),
            or(isNull(risks.reviewRemindedOn), ne(risks.reviewRemindedOn, risks.reviewOn)),
          ),
        )
        .returning();
      const [workspace] = await tx
        .select({ slug: workspaces.slug })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      for (const risk of claimed) {
        const key = riskKey(risk.number);
        await recordAudit(tx, systemMeta('risks.review-sweep'), {
          workspaceId,
          actorAccountId: null,
          actorMembershipId: null,
          action: 'risk.review_due',
          entityType: 'risk',
          entityId: risk.id,
          after: { reviewOn: risk.reviewOn },
        });
        await notify(
          tx,
          { workspaceId, jobs: options.jobs },
          {
            event: 'risk.review_due',
            recipients: [{ membershipId: risk.ownerMembershipId }],
            subject: `Review due: ${key} ${risk.title}`,
            body: `Due for review since ${risk.reviewOn}. Check the ratings and treatment, then set a new review date.`,
            link: workspace ? `/w/${workspace.slug}/risks/${key}` : null,
            dedupeKey: `risk.review_due:${risk.id}:${risk.reviewOn}`,
            data: { risk: key, reviewOn: risk.reviewOn },
          },
        );
      }
      return claimed.length;
    });
  }
  return { reminded, lapsed: await lapseMissedAcceptances(database, options) };
}

/**
 * A safety net behind the durable expiry timers: an acceptance past its expiry whose timer never
 * ran (data imported or seeded without the queue) lapses here, through the same once-only handler.
 */
async function lapseMissedAcceptances(database: DatabaseHandle, options: { jobs: Jobs; now?: Date }) {
  const now = options.now ?? new Date();
  // Which risks to hand to the handler (which runs in the risk's own scope) comes from a narrow function.
  const due = await selectRows<{ workspace_id: string; id: string; accepted_until: Date | string }>(
    database.db,
    sql`select workspace_id, id, accepted_until from tandem_lapsed_risk_acceptances(${now.toISOString()}::timestamptz)`,
  );
  let lapsed = 0;
  for (const r of due) {
    const outcome = await handleAcceptanceExpiry(
      database.db,
      { workspaceId: r.workspace_id, riskId: r.id, expiresAt: new Date(r.accepted_until).toISOString() },
      { now, jobs: options.jobs },
    );
    if (outcome === 'lapsed') lapsed++;
  }
  return lapsed;
}
