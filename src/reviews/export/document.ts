import { formatMeasure } from '../../domain/measures.ts';
import type { Chart, Pack } from '../contract.ts';

/** What an export shows besides the pack: the review's state, commentary and agreed actions. */
export type PackDocument = {
  key: string;
  status: string;
  heldOn?: string | null;
  attendees: string[];
  commentary?: Array<{ section: string; party: string; author: string | null; body: string }>;
  actions?: Array<{ key: string; title: string; owner: string | null; section: string | null }>;
};

export const title = (pack: Pack, doc: PackDocument) =>
  `Service review ${doc.key}: ${pack.workspaceName}, ${pack.period.label}`;

export const statusLine = (pack: Pack, doc: PackDocument) =>
  doc.status === 'held'
    ? `Held on ${doc.heldOn ?? 'n/a'} with ${doc.attendees.join(', ')}. Figures frozen at the meeting.`
    : `Draft: figures computed ${pack.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`;

/**
 * The title of the notice a pack carries while its period's history is still being built: the page
 * and every export (PDF, Markdown, HTML, the e-mailed pack) show it with the pack's own sentence.
 */
export const STILL_BUILDING_TITLE = 'Still being built';

/** A chart as rows of a table: the x value, then one cell per series. */
export function chartTable(chart: Chart): { head: string[]; rows: string[][] } {
  return {
    head: [chart.kind === 'line' ? 'Period' : 'Category', ...chart.series.map((s) => s.label)],
    rows: chart.points.map((p) => [
      p.x,
      ...chart.series.map((s) => formatMeasure(chart.unit, p.values[s.key] ?? null)),
    ]),
  };
}

export const ARROWS = { better: '▲ better', worse: '▼ worse', same: '= same', unknown: '' } as const;
