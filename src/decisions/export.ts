import type { Decision, DecisionType } from '../db/schema/decisions.ts';

/** A cell safe for spreadsheets: formula-looking text is quoted with ' (CSV injection), then CSV-quoted. */
const field = (v: string) => {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The decision log as CSV (RFC 4180 line ends), one row per decision in the order given. */
export function decisionLogCsv(
  rows: Array<{ decision: Decision; type: DecisionType; proposedBy: string | null }>,
): string {
  const lines = [
    ['Decision', 'Type', 'Title', 'Status', 'Proposed by', 'Proposed at', 'Decided at', 'Rationale'],
    ...rows.map((r) => [
      `DEC-${r.decision.number}`,
      r.type.name,
      r.decision.title,
      r.decision.status,
      r.proposedBy ?? '',
      r.decision.createdAt.toISOString(),
      r.decision.decidedAt?.toISOString() ?? '',
      r.decision.rationale ?? '',
    ]),
  ];
  return `${lines.map((l) => l.map(field).join(',')).join('\r\n')}\r\n`;
}
