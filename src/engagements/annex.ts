import { CLAUSE_TITLES, type EngagementTerms } from '../domain/engagements.ts';
import { type MapForExport, mapToCsv, mapToHtml, mapToMarkdown } from '../responsibility/export.ts';
import type { ClauseView } from './contract.ts';

/** The contract annex: the engagement's terms, then the responsibility map (the map export, reused). */
export type AnnexData = {
  providerName: string;
  version: number;
  startsOn: string;
  terms: Omit<EngagementTerms, 'clauses' | 'ownerMembershipId'> & {
    ownerName: string;
    clauses: ClauseView[];
  };
  map: MapForExport;
};

const mdEscape = (value: string) => value.replace(/([\\|*_`[\]<>])/g, '\\$1');
const htmlEscape = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const csvField = (value: string) => {
  // Security: a leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const purposeText = (a: AnnexData) => a.terms.purposes.map((p) => p.replace('_', ' ')).join(', ');
const enforced = (c: ClauseView) => c.enforcedBy.map((l) => l.label).join('; ') || 'Recorded in the contract';
const details = (c: ClauseView) =>
  [
    ...(c.subcontractors ?? []).map((s) => `Subcontractor ${s.name}: reaches ${s.reach}`),
    ...(c.noticeDays !== undefined ? [`Notice: ${c.noticeDays} days`] : []),
    ...(c.deliverables ?? []).map((d) => `Handover deliverable: ${d}`),
  ].join('; ');

export function annexToMarkdown(a: AnnexData): string {
  const clauses = a.terms.clauses.flatMap((c) => [
    `### ${CLAUSE_TITLES[c.kind]}`,
    '',
    mdEscape(c.text),
    ...(details(c) ? ['', mdEscape(details(c))] : []),
    '',
    `*Enforced in Tandem by:* ${mdEscape(enforced(c))}`,
    '',
  ]);
  return [
    `# Contract annex: ${mdEscape(a.providerName)} for ${mdEscape(a.map.workspaceName)}`,
    '',
    `Engagement terms version ${a.version}; started ${a.startsOn}; service review ${a.terms.reviewCadence}; relationship owner ${mdEscape(a.terms.ownerName)}.`,
    '',
    `**Purpose:** ${purposeText(a)}. ${mdEscape(a.terms.intent)}`,
    '',
    '## Terms',
    '',
    ...clauses,
    mapToMarkdown(a.map).replace(/^# /, '## '),
  ].join('\n');
}

export function annexToHtml(a: AnnexData): string {
  const clauses = a.terms.clauses
    .map(
      (c) =>
        `<section><h3>${htmlEscape(CLAUSE_TITLES[c.kind])}</h3><p>${htmlEscape(c.text)}</p>${details(c) ? `<p>${htmlEscape(details(c))}</p>` : ''}<p><em>Enforced in Tandem by:</em> ${htmlEscape(enforced(c))}</p></section>`,
    )
    .join('\n');
  const map = mapToHtml(a.map);
  const mapBody = map
    .slice(map.indexOf('<body>') + 6, map.indexOf('</body>'))
    .replace(/<(\/?)h1>/g, '<$1h2>');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contract annex: ${htmlEscape(a.providerName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.35rem .6rem;text-align:left}thead th{background:#eee}</style></head>
<body><h1>Contract annex: ${htmlEscape(a.providerName)} for ${htmlEscape(a.map.workspaceName)}</h1>
<p>Engagement terms version ${a.version}; started ${a.startsOn}; service review ${a.terms.reviewCadence}; relationship owner ${htmlEscape(a.terms.ownerName)}.</p>
<p><strong>Purpose:</strong> ${htmlEscape(purposeText(a))}. ${htmlEscape(a.terms.intent)}</p>
<h2>Terms</h2>
${clauses}
${mapBody}</body></html>
`;
}

export function annexToCsv(a: AnnexData): string {
  const lines = [
    ['Section', 'Clause', 'Text', 'Details', 'Enforced in Tandem by'],
    ['Engagement', 'Purpose', `${purposeText(a)}. ${a.terms.intent}`, `version ${a.version}`, ''],
    ...a.terms.clauses.map((c) => ['Terms', CLAUSE_TITLES[c.kind], c.text, details(c), enforced(c)]),
  ];
  return `${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n\r\n${mapToCsv(a.map)}`;
}
