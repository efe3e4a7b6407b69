import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import {
  direction,
  formatMeasure,
  MEASURES,
  type MeasureKey,
  type MeasureUnit,
  type PackSectionId,
  type Period,
  SECTION_TITLES,
} from '../../domain/measures.ts';
import type { Chart, Figure, PackItem, PackSection } from '../contract.ts';

/** Raw rows; timestamp columns (`…_at`, `…_until`) as Dates on both engines (PGlite answers strings). */
export const select = async <T>(tx: Tx, query: SQL) =>
  rowsOf<Record<string, unknown>>(await tx.execute(query)).map((row) => {
    for (const [key, value] of Object.entries(row))
      if (value !== null && typeof value === 'string' && /_(at|until)$/.test(key)) row[key] = new Date(value);
    return row as T;
  });

/** What every section builder is given. */
export type PackInput = {
  tx: Tx;
  ws: string;
  slug: string;
  ticketPrefix: string;
  period: Period;
  /** The period's bounds as instants (UTC). */
  start: Date;
  end: Date;
  now: Date;
};

/** A figure; `goodWhenLower` decides whether the change from `previous` is better or worse. */
export function figure(
  label: string,
  value: number | null,
  unit: MeasureUnit = 'count',
  previous: number | null = null,
  goodWhenLower = false,
): Figure {
  const dir =
    value === null || previous === null
      ? 'unknown'
      : value === previous
        ? 'same'
        : value < previous === goodWhenLower
          ? 'better'
          : 'worse';
  return { label, value, unit, text: formatMeasure(unit, value), previous, direction: dir };
}

/** A figure of a defined measure (label, unit and direction from its definition). */
export function measureFigure(measure: MeasureKey, value: number | null, previous: number | null): Figure {
  const def = MEASURES[measure];
  return {
    label: def.label,
    value,
    unit: def.unit,
    text: formatMeasure(def.unit, value),
    previous,
    direction: direction(measure, previous, value),
  };
}

export function section(
  id: PackSectionId,
  summary: string,
  parts: { figures?: Figure[]; charts?: Chart[]; items?: PackItem[] } = {},
): PackSection {
  return {
    id,
    title: SECTION_TITLES[id],
    summary,
    figures: parts.figures ?? [],
    charts: parts.charts ?? [],
    items: parts.items ?? [],
  };
}

export const item = (key: string | null, title: string, detail: string, path: string | null): PackItem => ({
  key,
  title,
  detail,
  path,
});

export const ageDays = (from: Date | string, to: Date) =>
  Math.max(0, Math.floor((to.getTime() - new Date(from).getTime()) / 86_400_000));

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A bar chart of one series. */
export function barChart(
  id: string,
  title: string,
  unit: MeasureUnit,
  bars: Array<[string, number | null]>,
): Chart {
  return {
    id,
    title,
    kind: 'bar',
    unit,
    series: [{ key: 'value', label: title }],
    points: bars.map(([x, value]) => ({ x, values: { value } })),
  };
}
