import { and, asc, desc, eq, gte, inArray, lte, min } from 'drizzle-orm';
import { actionsRaisedFrom } from '../../backlog/service.ts';
import {
  measureSnapshots,
  reviewCommentary,
  reviewSettings,
  serviceReviews,
} from '../../db/schema/reviews.ts';
import { parties } from '../../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import {
  addDays,
  isoDay,
  lastEndedPeriod,
  MEASURES,
  type MeasureKey,
  periodLabel,
} from '../../domain/measures.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid } from '../../server/errors.ts';
import { memberNames } from '../../workspaces/names.ts';
import type { Pack } from '../contract.ts';
import { buildPack } from '../pack/build.ts';
import { assertCanReview, canReview } from '../policy.ts';
import type { ReadinessProvider } from '../readiness-hook.ts';
import { cadenceOf, loadReview } from './common.ts';

export async function listReviews(ctx: WorkspaceContext, now = new Date()) {
  assertCanReview(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const rows = await tx
      .select()
      .from(serviceReviews)
      .where(eq(serviceReviews.workspaceId, ws))
      .orderBy(desc(serviceReviews.periodStart), desc(serviceReviews.number));
    const cadence = await cadenceOf(tx, ws);
    const ended = lastEndedPeriod(cadence, isoDay(now));
    const next = { ...ended, label: periodLabel(ended) };
    return {
      rows,
      cadence,
      next,
      nextExists: rows.some((r) => r.periodStart === next.start && r.periodEnd === next.end),
      canCreate: canReview(ctx.actor, 'create'),
      canSettings: canReview(ctx.actor, 'settings'),
    };
  });
}

/** A review with its pack: the frozen figures of a held review, live ones for a draft. */
export async function getReview(
  ctx: WorkspaceContext,
  number: number,
  options: { readiness?: ReadinessProvider | undefined; now?: Date } = {},
) {
  assertCanReview(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const review = await loadReview(tx, ws, number);
    const pack =
      review.status === 'held' && review.frozenPack
        ? (review.frozenPack as unknown as Pack)
        : await buildPack(tx, {
            workspaceId: ws,
            period: { start: review.periodStart, end: review.periodEnd },
            cadence: review.cadence as never,
            now: options.now ?? new Date(),
            readiness: options.readiness,
          });
    const commentary = await tx
      .select({ c: reviewCommentary, partyName: parties.name, partyKind: parties.kind })
      .from(reviewCommentary)
      .innerJoin(parties, eq(parties.id, reviewCommentary.partyId))
      .where(and(eq(reviewCommentary.workspaceId, ws), eq(reviewCommentary.reviewId, review.id)))
      .orderBy(asc(reviewCommentary.section), asc(parties.kind));
    const actions = await actionsRaisedFrom(tx, ws, 'service_review', review.id);
    const partyRows = await tx
      .select({ id: parties.id, name: parties.name, kind: parties.kind })
      .from(parties)
      .where(eq(parties.workspaceId, ws))
      .orderBy(asc(parties.kind), asc(parties.name));
    const names = await memberNames(
      tx,
      ws,
      commentary.map((c) => c.c.authorMembershipId),
    );
    return { review, pack, commentary, actions, parties: partyRows, names };
  });
}

export async function getReviewSettings(ctx: WorkspaceContext) {
  assertCanReview(ctx.actor, 'settings');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const [row] = await tx.select().from(reviewSettings).where(eq(reviewSettings.workspaceId, ws));
    const ids = row?.recipientMembershipIds ?? [];
    const names = await memberNames(tx, ws, ids);
    return {
      recipients: ids.map((id) => ({ membershipId: id, name: names.get(id) ?? null })),
      version: row?.version ?? 0,
    };
  });
}

/** One measure's daily series from the snapshots (the last 180 days by default). */
export async function measureSeries(
  ctx: WorkspaceContext,
  query: { measure: MeasureKey; from?: string | undefined; to?: string | undefined },
  now = new Date(),
) {
  assertCanReview(ctx.actor, 'view');
  const to = query.to ?? isoDay(now);
  const from = query.from ?? addDays(to, -179);
  if (from > to) throw new Invalid('must not be after to', 'querystring.from');
  if (to > addDays(from, 731)) throw new Invalid('a series spans at most two years', 'querystring.to');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select()
      .from(measureSnapshots)
      .where(
        and(
          eq(measureSnapshots.workspaceId, ctx.actor.workspaceId),
          eq(measureSnapshots.measure, query.measure),
          gte(measureSnapshots.day, from),
          lte(measureSnapshots.day, to),
        ),
      )
      .orderBy(asc(measureSnapshots.day));
    const byDay = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const values = byDay.get(r.day) ?? {};
      values[r.dimension === '' ? 'total' : r.dimension] = r.value;
      byDay.set(r.day, values);
    }
    const def = MEASURES[query.measure];
    return {
      measure: query.measure,
      label: def.label,
      unit: def.unit,
      goodWhenLower: def.goodWhenLower,
      from,
      to,
      dimensions: [...new Set(rows.map((r) => (r.dimension === '' ? 'total' : r.dimension)))],
      points: [...byDay.entries()].map(([day, values]) => ({ day, values })),
    };
  });
}

/** The measures a lead sees as sparklines on their home, in order. */
export const HEADLINE_MEASURES = [
  'open_work',
  'sla_attainment',
  'recurring_tickets',
  'single_person_dependencies',
  'critical_systems_with_recovery',
  'articles_created_updated',
] as const satisfies readonly MeasureKey[];

/** How many days the home's sparklines span. */
export const HEADLINE_DAYS = 180;

/** The headline measures' workspace totals of the last HEADLINE_DAYS days, from the snapshots. */
export async function headlineMeasures(ctx: WorkspaceContext, now = new Date()) {
  assertCanReview(ctx.actor, 'view');
  const to = isoDay(now);
  const from = addDays(to, 1 - HEADLINE_DAYS);
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const rows = await tx
      .select({ day: measureSnapshots.day, measure: measureSnapshots.measure, value: measureSnapshots.value })
      .from(measureSnapshots)
      .where(
        and(
          eq(measureSnapshots.workspaceId, ws),
          inArray(measureSnapshots.measure, [...HEADLINE_MEASURES]),
          eq(measureSnapshots.dimension, ''),
          gte(measureSnapshots.day, from),
          lte(measureSnapshots.day, to),
        ),
      )
      .orderBy(asc(measureSnapshots.day));
    const [first] = await tx
      .select({ day: min(measureSnapshots.day) })
      .from(measureSnapshots)
      .where(eq(measureSnapshots.workspaceId, ws));
    return {
      from,
      to,
      firstSnapshot: first?.day ?? null,
      series: HEADLINE_MEASURES.map((measure) => {
        const def = MEASURES[measure];
        return {
          measure,
          label: def.label,
          unit: def.unit,
          goodWhenLower: def.goodWhenLower,
          points: rows.filter((r) => r.measure === measure).map((r) => ({ day: r.day, value: r.value })),
        };
      }),
    };
  });
}
