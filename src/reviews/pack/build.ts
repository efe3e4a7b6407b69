import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { measureSnapshots } from '../../db/schema/reviews.ts';
import { historyBuilds } from '../../db/schema/simulation.ts';
import { workspaces } from '../../db/schema/workspaces.ts';
import { periodStillBuilding } from '../../domain/history-build.ts';
import {
  addDays,
  type Cadence,
  dayStart,
  MEASURES,
  type MeasureKey,
  type Period,
  periodLabel,
  periodsEndingWith,
  TOTAL,
} from '../../domain/measures.ts';
import type { Chart, Pack, PackSection } from '../contract.ts';
import { computeCurrentMeasures, computeHistoricMeasures } from '../measures.ts';
import type { ReadinessProvider } from '../readiness-hook.ts';
import { decisionsSection, documentationSection, risksSection, securitySection } from './governance.ts';
import { figure, measureFigure, type PackInput, plural, section, select } from './parts.ts';
import { backlogSection, changesSection, feedbackSection, incidentsSection, stuckWork } from './work.ts';

/** The measures shown as trends, in order. */
const TREND_MEASURES = [
  'open_work',
  'sla_attainment',
  'first_response_hours',
  'resolution_hours',
  'handoff_bounce_rate',
  'decision_latency_hours',
  'recurring_tickets',
  'problems_open',
  'stale_articles',
  'obligations_on_time',
  'change_success_rate',
  'access_findings',
  'critical_systems_with_recovery',
] as const satisfies readonly MeasureKey[];

/** How many periods a trend spans (this one and the five before). */
export const TREND_PERIODS = 6;

type Values = Map<string, number>;
const k = (measure: MeasureKey, dimension: string, day: string) => `${measure}|${dimension}|${day}`;

/** The measures drawn at every period end (the trend charts); the others are read at two days only. */
const CHART_MEASURES = [
  'open_work',
  'sla_attainment',
  'first_response_hours',
  'resolution_hours',
] as const satisfies readonly MeasureKey[];
/** What the pack reads at the period's last day and the day before it starts (figures against before). */
const FIGURE_MEASURES = [
  ...TREND_MEASURES.filter((m) => !(CHART_MEASURES as readonly MeasureKey[]).includes(m)),
  'single_person_dependencies',
] as const satisfies readonly MeasureKey[];

/**
 * The stored snapshots of these days; a day missing from them is computed from the records on the
 * fly (not stored: reading a pack writes nothing), and only the measures the pack shows on that day:
 * the charts' four at every period end, the rest at the two days the figures compare. Measures
 * without history come only from snapshots.
 */
async function measureValues(tx: Tx, ws: string, days: string[], figureDays: string[]): Promise<Values> {
  const stored = await tx
    .select()
    .from(measureSnapshots)
    .where(and(eq(measureSnapshots.workspaceId, ws), inArray(measureSnapshots.day, days)));
  const values: Values = new Map(
    stored.map((s) => [k(s.measure as MeasureKey, s.dimension, s.day), s.value]),
  );
  const haveDay = new Set(stored.filter((s) => s.measure === 'open_work').map((s) => s.day));
  const missing = days.filter((d) => !haveDay.has(d));
  const computed = [
    ...(await computeHistoricMeasures(tx, ws, missing, CHART_MEASURES)),
    ...(await computeHistoricMeasures(
      tx,
      ws,
      missing.filter((d) => figureDays.includes(d)),
      FIGURE_MEASURES,
    )),
  ];
  for (const v of computed) values.set(k(v.measure, v.dimension, v.day), v.value);
  return values;
}

function trendsSection(values: Values, periods: Period[], cadence: Cadence): PackSection {
  const ends = periods.map((p) => addDays(p.end, -1));
  const last = ends[ends.length - 1]!;
  const before = ends[ends.length - 2]!;
  const at = (m: MeasureKey, day: string, dim = TOTAL) => values.get(k(m, dim, day)) ?? null;
  const figures = TREND_MEASURES.map((m) => measureFigure(m, at(m, last), at(m, before))).filter(
    (f, i) => f.value !== null || MEASURES[TREND_MEASURES[i]!].backfilled,
  );
  const dims = (m: MeasureKey) =>
    [...new Set([...values.keys()].filter((key) => key.startsWith(`${m}|`)).map((key) => key.split('|')[1]!))]
      .filter((d) => d !== TOTAL)
      .sort();
  const labels = periods.map((p) => periodLabel(p));
  const line = (
    id: string,
    title: string,
    m: MeasureKey,
    series: Array<{ key: string; label: string; m: MeasureKey; dim: string }>,
  ): Chart => ({
    id,
    title,
    kind: 'line',
    unit: MEASURES[m].unit,
    series: series.map((s) => ({ key: s.key, label: s.label })),
    points: ends.map((day, i) => ({
      x: labels[i]!,
      values: Object.fromEntries(series.map((s) => [s.key, at(s.m, day, s.dim)])),
    })),
  });
  const byDim = (m: MeasureKey, totalLabel: string) => [
    { key: 'total', label: totalLabel, m, dim: TOTAL },
    ...dims(m).map((d) => ({ key: d, label: d, m, dim: d })),
  ];
  const better = figures.filter((f) => f.direction === 'better').length;
  const worse = figures.filter((f) => f.direction === 'worse').length;
  return section(
    'trends',
    `Against the previous ${cadence === 'fortnightly' ? 'fortnight' : cadence.replace('ly', '')}: ${plural(better, 'measure')} better, ${worse} worse.`,
    {
      figures,
      charts: [
        line(
          'trend_open_work',
          'Open work by lane at each period end',
          'open_work',
          byDim('open_work', 'All lanes'),
        ),
        line(
          'trend_sla',
          'SLA attainment by priority (%)',
          'sla_attainment',
          byDim('sla_attainment', 'All priorities'),
        ),
        line('trend_times', 'First response and resolution time (hours)', 'resolution_hours', [
          { key: 'first', label: 'First response', m: 'first_response_hours', dim: TOTAL },
          { key: 'resolution', label: 'Resolution', m: 'resolution_hours', dim: TOTAL },
        ]),
      ],
    },
  );
}

/** The five knowledge-transfer measures of the model, this period against the previous one. */
async function knowledgeTransfer(p: PackInput, previous: Period, values: Values): Promise<PackSection> {
  const { tx, ws } = p;
  const pStart = dayStart(previous.start);
  const [flows] = await select<{
    articles: number;
    articles_before: number;
    eliminated: number;
    eliminated_before: number;
    eliminated_tickets: number;
    staff: number;
    staff_before: number;
    sessions: number;
  }>(
    tx,
    sql`select
      (select count(distinct article_id)::int from article_versions where workspace_id = ${ws} and created_at >= ${p.start} and created_at < ${p.end}) as articles,
      (select count(distinct article_id)::int from article_versions where workspace_id = ${ws} and created_at >= ${pStart} and created_at < ${p.start}) as articles_before,
      (select count(*)::int from problems where workspace_id = ${ws} and resolved_at >= ${p.start} and resolved_at < ${p.end}) as eliminated,
      (select count(*)::int from problems where workspace_id = ${ws} and resolved_at >= ${pStart} and resolved_at < ${p.start}) as eliminated_before,
      (select count(*)::int from problem_tickets pt join problems pr on pr.id = pt.problem_id
        where pr.workspace_id = ${ws} and pr.resolved_at >= ${p.start} and pr.resolved_at < ${p.end}) as eliminated_tickets,
      (select count(distinct a.membership_id)::int from handover_attendees a join handover_sessions s on s.id = a.session_id
        where s.workspace_id = ${ws} and a.attended and s.held_at >= ${p.start} and s.held_at < ${p.end}) as staff,
      (select count(distinct a.membership_id)::int from handover_attendees a join handover_sessions s on s.id = a.session_id
        where s.workspace_id = ${ws} and a.attended and s.held_at >= ${pStart} and s.held_at < ${p.start}) as staff_before,
      (select count(*)::int from handover_sessions where workspace_id = ${ws} and held_at >= ${p.start} and held_at < ${p.end}) as sessions`,
  );
  const f = flows!;
  const lastDay = addDays(p.period.end, -1);
  const dayBefore = addDays(p.period.start, -1);
  const spd = (day: string) => values.get(k('single_person_dependencies', TOTAL, day)) ?? null;
  const spdEnd = spd(lastDay);
  const spdStart = spd(dayBefore);
  const reduced = spdEnd === null || spdStart === null ? null : spdStart - spdEnd;
  // The share kept no history: the snapshot of the period's last day (as the trends read it), today's
  // state only for a period that ended before the first snapshot was taken.
  const recoveryAt = (day: string) => values.get(k('critical_systems_with_recovery', TOTAL, day)) ?? null;
  const recovery =
    recoveryAt(lastDay) ??
    (await computeCurrentMeasures(tx, ws, lastDay)).find(
      (m) => m.measure === 'critical_systems_with_recovery',
    )?.value ??
    null;
  const recoveryBefore = recoveryAt(dayBefore);
  return section(
    'knowledge_transfer',
    `${plural(f.articles, 'article')} created or updated, ${plural(f.eliminated, 'recurring problem')} eliminated, ${plural(f.staff, 'person', 'people')} at ${plural(f.sessions, 'handover session')}; single-person dependencies ${reduced === null ? 'not known' : reduced >= 0 ? `reduced by ${reduced}` : `up by ${-reduced}`}.`,
    {
      figures: [
        figure('Articles created or updated', f.articles, 'count', f.articles_before),
        figure(
          'Recurring tickets eliminated (problems resolved)',
          f.eliminated,
          'count',
          f.eliminated_before,
        ),
        figure('Tickets behind the eliminated problems', f.eliminated_tickets),
        figure('Staff at handover sessions', f.staff, 'count', f.staff_before),
        figure('Single-person dependencies reduced', reduced),
        figure('Single-person dependencies now', spdEnd, 'count', spdStart, true),
        figure('Critical systems with recovery steps', recovery, 'percent', recoveryBefore),
      ],
    },
  );
}

/**
 * The notice of a period the workspace's simulated history (src/simulation) has not reached yet: its
 * latest background build (not a `tandem simulate` run, which nobody resumes) still has days of this
 * period to write, so its figures are not final (null otherwise).
 */
export async function stillBuildingNotice(
  tx: Tx,
  ws: string,
  period: Period,
): Promise<Pack['stillBuilding']> {
  const [build] = await tx
    .select()
    .from(historyBuilds)
    .where(and(eq(historyBuilds.workspaceId, ws), eq(historyBuilds.origin, 'demo')))
    .orderBy(desc(historyBuilds.createdAt))
    .limit(1);
  const missing = periodStillBuilding(build ?? null, period);
  if (!missing || !build) return null;
  return {
    ...missing,
    daysDone: build.daysDone,
    daysTotal: build.daysTotal,
    notice: `This period is still being built: the demo's simulated history has not reached ${missing.from} to ${addDays(missing.until, -1)} yet (${build.daysDone} of ${build.daysTotal} days done), so these figures are not final.`,
  };
}

export type BuildPackInput = {
  workspaceId: string;
  period: Period;
  cadence: Cadence;
  now: Date;
  readiness?: ReadinessProvider | undefined;
};

/** The pack of one period, computed from the records and the stored snapshots. */
export async function buildPack(tx: Tx, input: BuildPackInput): Promise<Pack> {
  const { workspaceId: ws, period, cadence, now } = input;
  const [workspace] = await tx
    .select({ name: workspaces.name, slug: workspaces.slug, ticketPrefix: workspaces.ticketPrefix })
    .from(workspaces)
    .where(eq(workspaces.id, ws));
  const p: PackInput = {
    tx,
    ws,
    slug: workspace!.slug,
    ticketPrefix: workspace!.ticketPrefix,
    period,
    start: dayStart(period.start),
    end: dayStart(period.end),
    now,
  };
  const periods = periodsEndingWith(cadence, period, TREND_PERIODS);
  const figureDays = [addDays(period.end, -1), addDays(period.start, -1)];
  const days = [...new Set([...periods.map((x) => addDays(x.end, -1)), ...figureDays])];
  const values = await measureValues(tx, ws, days, figureDays);
  const sections: PackSection[] = [
    trendsSection(values, periods, cadence),
    await stuckWork(p),
    await incidentsSection(p),
    await feedbackSection(p),
    await changesSection(p),
    await securitySection(p),
    await documentationSection(p),
    await backlogSection(p),
    await risksSection(p),
    await decisionsSection(p),
    await knowledgeTransfer(p, periods[periods.length - 2]!, values),
  ];
  const readiness = input.readiness ? await input.readiness(tx, ws, now) : null;
  if (readiness) sections.push(readiness);
  const stillBuilding = await stillBuildingNotice(tx, ws, period);
  return {
    workspaceName: workspace!.name,
    period: { start: period.start, end: period.end, label: periodLabel(period) },
    cadence,
    generatedAt: now.toISOString(),
    sections,
    stillBuilding,
  };
}
