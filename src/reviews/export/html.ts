import type { Pack } from '../contract.ts';
import {
  ARROWS,
  chartTable,
  type PackDocument,
  STILL_BUILDING_TITLE,
  statusLine,
  title,
} from './document.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The pack as one standalone HTML page (no scripts, no outside resources); charts as tables. */
export function packToHtml(pack: Pack, doc: PackDocument): string {
  const body: string[] = [`<h1>${esc(title(pack, doc))}</h1>`, `<p>${esc(statusLine(pack, doc))}</p>`];
  if (pack.stillBuilding)
    body.push(
      `<p class="still-building" role="note"><strong>${STILL_BUILDING_TITLE}:</strong> ${esc(pack.stillBuilding.notice)}</p>`,
    );
  for (const s of pack.sections) {
    body.push(`<section><h2>${esc(s.title)}</h2><p>${esc(s.summary)}</p>`);
    if (s.figures.length > 0) {
      body.push(
        '<table><thead><tr><th>Figure</th><th>Value</th><th>Previous</th><th>Trend</th></tr></thead><tbody>',
      );
      for (const f of s.figures)
        body.push(
          `<tr><td>${esc(f.label)}</td><td>${esc(f.text)}</td><td>${f.previous ?? ''}</td><td>${ARROWS[f.direction]}</td></tr>`,
        );
      body.push('</tbody></table>');
    }
    for (const chart of s.charts) {
      const t = chartTable(chart);
      body.push(
        `<table><caption>${esc(chart.title)}</caption><thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`,
      );
      for (const r of t.rows) body.push(`<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
      body.push('</tbody></table>');
    }
    if (s.items.length > 0)
      body.push(
        `<ul>${s.items.map((i) => `<li>${i.key ? `<strong>${esc(i.key)}</strong> ` : ''}${esc(i.title)}: ${esc(i.detail)}</li>`).join('')}</ul>`,
      );
    for (const c of (doc.commentary ?? []).filter((c) => c.section === s.id && c.body))
      body.push(
        `<blockquote><strong>${esc(c.party)}</strong>${c.author ? ` (${esc(c.author)})` : ''}: ${esc(c.body)}</blockquote>`,
      );
    body.push('</section>');
  }
  if (doc.actions && doc.actions.length > 0)
    body.push(
      `<section><h2>Agreed actions</h2><ul>${doc.actions.map((a) => `<li>${esc(a.key)} ${esc(a.title)}${a.owner ? ` (${esc(a.owner)})` : ''}</li>`).join('')}</ul></section>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title(pack, doc))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
caption{text-align:left;font-weight:600}.still-building{border:1px solid #f08c00;background:#fff4e6;padding:.5rem .75rem}blockquote{border-left:3px solid #888;margin:.5rem 0;padding-left:.75rem}</style>
</head><body>
${body.join('\n')}
</body></html>
`;
}
