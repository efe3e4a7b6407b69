import type { ReviewCadence } from './engagements.ts';

/**
 * Measures over time and service-review periods: pure definitions and arithmetic, no I/O.
 * A measure is snapshotted once a day per workspace (src/reviews/snapshots.ts); its value for a
 * dimension ('' is the whole workspace, otherwise a lane, priority, party or level).
 */

export const MEASURE_UNITS = ['count', 'percent', 'hours'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];
export const MEASURE_DIMENSIONS = ['lane', 'priority', 'party', 'level'] as const;
export type MeasureDimension = (typeof MEASURE_DIMENSIONS)[number];

export type MeasureDefinition = {
  label: string;
  unit: MeasureUnit;
  /** Lower is better (resolution time, stale articles); a trend down is an improvement. */
  goodWhenLower: boolean;
  /** Split by this, besides the workspace total. */
  dimension: MeasureDimension | null;
  /**
   * false: the records keep no history of this figure (a system's recovery article, an account's
   * MFA state), so it is snapshotted from today on and never backfilled.
   */
  backfilled: boolean;
  /** Days looked back for flow measures (tickets resolved in the trailing window), 0 for a state. */
  windowDays: number;
};

export const MEASURES = {
  open_work: {
    label: 'Open work',
    unit: 'count',
    goodWhenLower: true,
    dimension: 'lane',
    backfilled: true,
    windowDays: 0,
  },
  sla_attainment: {
    label: 'SLA attainment',
    unit: 'percent',
    goodWhenLower: false,
    dimension: 'priority',
    backfilled: true,
    windowDays: 30,
  },
  first_response_hours: {
    label: 'First response time',
    unit: 'hours',
    goodWhenLower: true,
    dimension: 'lane',
    backfilled: true,
    windowDays: 30,
  },
  resolution_hours: {
    label: 'Resolution time',
    unit: 'hours',
    goodWhenLower: true,
    dimension: 'lane',
    backfilled: true,
    windowDays: 30,
  },
  handoff_bounce_rate: {
    label: 'Handoff bounce rate',
    unit: 'percent',
    goodWhenLower: true,
    dimension: null,
    backfilled: true,
    windowDays: 30,
  },
  decision_latency_hours: {
    label: 'Decision latency',
    unit: 'hours',
    goodWhenLower: true,
    dimension: 'party',
    backfilled: true,
    windowDays: 30,
  },
  recurring_tickets: {
    label: 'Recurring tickets',
    unit: 'count',
    goodWhenLower: true,
    dimension: null,
    backfilled: true,
    windowDays: 30,
  },
  recurring_eliminated: {
    label: 'Recurring tickets eliminated (problems resolved)',
    unit: 'count',
    goodWhenLower: false,
    dimension: null,
    backfilled: true,
    windowDays: 30,
  },
  problems_open: {
    label: 'Problems open',
    unit: 'count',
    goodWhenLower: true,
    dimension: null,
    backfilled: true,
    windowDays: 0,
  },
  single_person_dependencies: {
    label: 'Single-person dependencies',
    unit: 'count',
    goodWhenLower: true,
    dimension: null,
    backfilled: true,
    windowDays: 90,
  },
  critical_systems_with_recovery: {
    label: 'Critical systems with recovery steps',
    unit: 'percent',
    goodWhenLower: false,
    dimension: null,
    backfilled: false,
    windowDays: 0,
  },
  articles_created_updated: {
    label: 'Articles created or updated',
    unit: 'count',
    goodWhenLower: false,
    dimension: null,
    backfilled: true,
    windowDays: 30,
  },
  stale_articles: {
    label: 'Articles past their review date',
    unit: 'count',
    goodWhenLower: true,
    dimension: null,
    backfilled: true,
    windowDays: 0,
  },
  handover_attendance: {
    label: 'Staff at handover sessions',
    unit: 'count',
    goodWhenLower: false,
    dimension: null,
    backfilled: true,
    windowDays: 90,
  },
  obligations_on_time: {
    label: 'Obligations on time',
    unit: 'percent',
    goodWhenLower: false,
    dimension: null,
    backfilled: true,
    windowDays: 90,
  },
  access_findings: {
    label: 'Access findings',
    unit: 'count',
    goodWhenLower: true,
    dimension: null,
    backfilled: false,
    windowDays: 0,
  },
  risks_by_level: {
    label: 'Open risks',
    unit: 'count',
    goodWhenLower: true,
    dimension: 'level',
    backfilled: false,
    windowDays: 0,
  },
  change_success_rate: {
    label: 'Change success rate',
    unit: 'percent',
    goodWhenLower: false,
    dimension: null,
    backfilled: true,
    windowDays: 90,
  },
} as const satisfies Record<string, MeasureDefinition>;

export type MeasureKey = keyof typeof MEASURES;
export const MEASURE_KEYS = Object.keys(MEASURES) as [MeasureKey, ...MeasureKey[]];
export const isMeasureKey = (k: string): k is MeasureKey => Object.hasOwn(MEASURES, k);

/** The dimension key of the workspace total. */
export const TOTAL = '';
/** Days backfilled at a workspace's first snapshot. */
export const BACKFILL_DAYS = 180;

/** One stored figure. */
export type MeasureValue = { day: string; measure: MeasureKey; dimension: string; value: number };

// ---- Small arithmetic ----

/** A share as a percentage with one decimal, or null when there is nothing to divide. */
export const percent = (part: number, whole: number): number | null =>
  whole <= 0 ? null : Math.round((part / whole) * 1000) / 10;

/** Hours with one decimal. */
export const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

export type Direction = 'better' | 'worse' | 'same' | 'unknown';

/** Whether a change from `before` to `after` is an improvement for this measure. */
export function direction(measure: MeasureKey, before: number | null, after: number | null): Direction {
  if (before === null || after === null) return 'unknown';
  if (after === before) return 'same';
  const lower = MEASURES[measure].goodWhenLower;
  return after < before === lower ? 'better' : 'worse';
}

/** Formats a value with its unit, for packs and exports. */
export function formatMeasure(unit: MeasureUnit, value: number | null): string {
  if (value === null) return 'n/a';
  if (unit === 'percent') return `${value}%`;
  if (unit === 'hours') return `${value} h`;
  return String(value);
}

// ---- Calendar days (UTC, 'YYYY-MM-DD') ----

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
export function addDays(day: string, n: number): string {
  const d = dayStart(day);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}
export const daysBetween = (from: string, to: string) =>
  Math.round((dayStart(to).getTime() - dayStart(from).getTime()) / 86_400_000);

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

// ---- Review periods ----

export type Cadence = ReviewCadence;

/** A period: `start` included, `end` excluded (the first day after it). */
export type Period = { start: string; end: string };

/** Fortnights count from this Monday, so every instance agrees where one starts. */
const FORTNIGHT_EPOCH = '2024-01-01';

/** The period of a cadence that contains `day`. */
export function periodContaining(cadence: Cadence, day: string): Period {
  const d = dayStart(day);
  if (cadence === 'monthly') {
    const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    return { start: isoDay(start), end: isoDay(end) };
  }
  if (cadence === 'quarterly') {
    const q = Math.floor(d.getUTCMonth() / 3) * 3;
    return {
      start: isoDay(new Date(Date.UTC(d.getUTCFullYear(), q, 1))),
      end: isoDay(new Date(Date.UTC(d.getUTCFullYear(), q + 3, 1))),
    };
  }
  const monday = addDays(day, -((d.getUTCDay() + 6) % 7));
  if (cadence === 'weekly') return { start: monday, end: addDays(monday, 7) };
  const offset = ((daysBetween(FORTNIGHT_EPOCH, monday) % 14) + 14) % 14;
  const start = addDays(monday, -offset);
  return { start, end: addDays(start, 14) };
}

/** The last period of a cadence that has ended by `today` (its end is today or earlier). */
export const lastEndedPeriod = (cadence: Cadence, today: string): Period =>
  periodContaining(cadence, addDays(periodContaining(cadence, today).start, -1));

/** The `count` periods ending with `period`, oldest first. */
export function periodsEndingWith(cadence: Cadence, period: Period, count: number): Period[] {
  const out = [period];
  while (out.length < count) out.unshift(periodContaining(cadence, addDays(out[0]!.start, -1)));
  return out;
}

/** What is wrong with a requested review period, or null. `today` is the caller's UTC day. */
export function periodProblem(
  period: Period,
  today: string,
): { field: 'periodStart' | 'periodEnd'; message: string } | null {
  if (period.end <= period.start)
    return { field: 'periodEnd', message: 'must be after periodStart: the period has no length' };
  if (period.start > today) return { field: 'periodStart', message: 'lies in the future' };
  if (period.end > addDays(today, 1))
    return { field: 'periodEnd', message: 'lies in the future: a review covers a period that has ended' };
  if (daysBetween(period.start, period.end) > 366)
    return { field: 'periodEnd', message: 'a review period is at most a year' };
  return null;
}

/** 'Nov 2026', 'Q4 2026' or '2 Nov – 15 Nov 2026' for a period. */
export function periodLabel(period: Period): string {
  const s = dayStart(period.start);
  const last = dayStart(addDays(period.end, -1));
  const month = (d: Date) => d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const days = daysBetween(period.start, period.end);
  if (s.getUTCDate() === 1 && addDays(period.end, 0).endsWith('-01')) {
    if (days >= 28 && days <= 31) return `${month(s)} ${s.getUTCFullYear()}`;
    if (days >= 89 && days <= 92 && s.getUTCMonth() % 3 === 0)
      return `Q${s.getUTCMonth() / 3 + 1} ${s.getUTCFullYear()}`;
  }
  return `${s.getUTCDate()} ${month(s)} – ${last.getUTCDate()} ${month(last)} ${last.getUTCFullYear()}`;
}

// ---- Pack sections ----

export const PACK_SECTIONS = [
  'trends',
  'stuck_work',
  'incidents',
  'feedback',
  'changes',
  'security',
  'documentation',
  'backlog',
  'risks',
  'decisions',
  'knowledge_transfer',
  'readiness',
] as const;
export type PackSectionId = (typeof PACK_SECTIONS)[number];

export const SECTION_TITLES: Record<PackSectionId, string> = {
  trends: 'Trends',
  stuck_work: 'Stuck and bouncing work',
  incidents: 'Major incidents and their review actions',
  feedback: 'User feedback',
  changes: 'Upcoming changes',
  security: 'Security evidence',
  documentation: 'Documentation gaps',
  backlog: 'Backlog priorities and blockers',
  risks: 'Risks',
  decisions: 'Decisions required and decision latency',
  knowledge_transfer: 'Knowledge transfer',
  readiness: 'Readiness checklist',
};

/** A ticket is stuck when open and untouched this many days at the period's end. */
export const STUCK_AFTER_DAYS = 7;

/** Mean of the values, one decimal; null for none. */
export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

/** A service review's key, as people say it (REV-3). */
export const serviceReviewKey = (n: number) => `REV-${n}`;
