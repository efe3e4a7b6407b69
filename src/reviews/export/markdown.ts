import type { Pack } from '../contract.ts';
import {
  ARROWS,
  chartTable,
  type PackDocument,
  STILL_BUILDING_TITLE,
  statusLine,
  title,
} from './document.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The pack as Markdown (also the body of the e-mailed pack). */
export function packToMarkdown(pack: Pack, doc: PackDocument): string {
  const out: string[] = [`# ${title(pack, doc)}`, '', statusLine(pack, doc), ''];
  if (pack.stillBuilding) out.push(`> **${STILL_BUILDING_TITLE}:** ${pack.stillBuilding.notice}`, '');
  for (const s of pack.sections) {
    out.push(`## ${s.title}`, '', s.summary, '');
    if (s.figures.length > 0) {
      out.push('| Figure | Value | Previous | Trend |', '| --- | --- | --- | --- |');
      for (const f of s.figures)
        out.push(
          `| ${cell(f.label)} | ${f.text} | ${f.previous === null ? '' : String(f.previous)} | ${ARROWS[f.direction]} |`,
        );
      out.push('');
    }
    for (const chart of s.charts) {
      const t = chartTable(chart);
      out.push(
        `**${cell(chart.title)}**`,
        '',
        `| ${t.head.map(cell).join(' | ')} |`,
        `|${t.head.map(() => ' --- |').join('')}`,
      );
      for (const r of t.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
      out.push('');
    }
    for (const i of s.items) out.push(`- ${i.key ? `${i.key} ` : ''}${i.title}: ${i.detail}`);
    if (s.items.length > 0) out.push('');
    for (const c of (doc.commentary ?? []).filter((c) => c.section === s.id && c.body))
      out.push(
        `> **${cell(c.party)}**${c.author ? ` (${c.author})` : ''}: ${c.body.replace(/\n/g, '\n> ')}`,
        '',
      );
  }
  if (doc.actions && doc.actions.length > 0) {
    out.push('## Agreed actions', '');
    for (const a of doc.actions) out.push(`- ${a.key} ${a.title}${a.owner ? ` (${a.owner})` : ''}`);
    out.push('');
  }
  return out.join('\n');
}
