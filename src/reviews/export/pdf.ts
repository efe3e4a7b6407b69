import PDFDocument from 'pdfkit';
import { formatMeasure } from '../../domain/measures.ts';
import type { Chart, Figure, Pack } from '../contract.ts';
import { type PackDocument, STILL_BUILDING_TITLE, statusLine, title } from './document.ts';

const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f59f00', '#0c8599', '#c2255c', '#5c940d'];
const MARGIN = 50;
const TREND_WORDS: Record<Figure['direction'], string> = {
  better: 'better',
  worse: 'worse',
  same: 'same',
  unknown: '',
};

/**
 * The standard PDF fonts encode WinAnsi only: characters outside it (stars, arrows, most of
 * Unicode) are spelled out or replaced, so the text stays readable and extractable.
 */
export const pdfSafe = (s: string) =>
  s
    .replace(/★/g, '*')
    .replace(/[▲▼]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\x20-\x7e\xa0-\xff–—…·•€]/g, '?');

type Doc = InstanceType<typeof PDFDocument>;

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function figuresTable(doc: Doc, figures: Figure[]) {
  const cols = [MARGIN, MARGIN + 260, MARGIN + 350, MARGIN + 430];
  ensureSpace(doc, 16 * (figures.length + 1));
  doc.font('Helvetica-Bold').fontSize(9);
  const headY = doc.y;
  for (const [i, h] of ['Figure', 'Value', 'Previous', 'Trend'].entries())
    doc.text(h, cols[i]!, headY, { lineBreak: false });
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(9);
  for (const f of figures) {
    ensureSpace(doc, 14);
    const y = doc.y;
    doc.text(pdfSafe(f.label), cols[0]!, y, { width: 250, lineBreak: false, ellipsis: true });
    doc.text(pdfSafe(f.text), cols[1]!, y, { lineBreak: false });
    doc.text(f.previous === null ? '' : formatMeasure(f.unit, f.previous), cols[2]!, y, { lineBreak: false });
    doc.text(TREND_WORDS[f.direction], cols[3]!, y, { lineBreak: false });
    doc.moveDown(0.25);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** A line or bar chart drawn with PDF vector paths (axes, gridlines, series, legend). */
function drawChart(doc: Doc, chart: Chart) {
  const width = doc.page.width - 2 * MARGIN - 40;
  const height = 120;
  ensureSpace(doc, height + 70);
  doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(chart.title), MARGIN, doc.y);
  const top = doc.y + 6;
  const left = MARGIN + 40;
  const bottom = top + height;
  const values = chart.points
    .flatMap((p) => chart.series.map((s) => p.values[s.key] ?? null))
    .filter((v): v is number => v !== null);
  const max = Math.max(1, ...values) * 1.1;
  const y = (v: number) => bottom - (v / max) * height;
  // Axes and gridlines with their labels.
  doc.lineWidth(0.5).strokeColor('#999');
  for (const t of [0, 0.5, 1]) {
    const v = max * t;
    doc
      .moveTo(left, y(v))
      .lineTo(left + width, y(v))
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#555')
      .text(formatMeasure(chart.unit, Math.round(v * 10) / 10), MARGIN, y(v) - 4, {
        width: 36,
        align: 'right',
        lineBreak: false,
      });
  }
  const n = Math.max(1, chart.points.length);
  const step = width / n;
  const xAt = (i: number) => left + step * i + step / 2;
  chart.points.forEach((p, i) => {
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#555')
      .text(pdfSafe(p.x), left + step * i, bottom + 4, {
        width: step,
        align: 'center',
        lineBreak: false,
        ellipsis: true,
      });
  });
  chart.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length]!;
    if (chart.kind === 'bar') {
      const barWidth = (step * 0.7) / chart.series.length;
      chart.points.forEach((p, i) => {
        const v = p.values[s.key];
        if (v === null || v === undefined) return;
        const x = left + step * i + step * 0.15 + barWidth * si;
        doc.rect(x, y(v), barWidth, bottom - y(v)).fill(color);
      });
    } else {
      let drawing = false;
      doc.lineWidth(1.5).strokeColor(color);
      chart.points.forEach((p, i) => {
        const v = p.values[s.key];
        if (v === null || v === undefined) {
          if (drawing) doc.stroke();
          drawing = false;
          return;
        }
        if (drawing) doc.lineTo(xAt(i), y(v));
        else doc.moveTo(xAt(i), y(v));
        drawing = true;
      });
      if (drawing) doc.stroke();
      chart.points.forEach((p, i) => {
        const v = p.values[s.key];
        if (v !== null && v !== undefined) doc.circle(xAt(i), y(v), 2).fill(color);
      });
    }
  });
  // Legend.
  let lx = left;
  const ly = bottom + 18;
  chart.series.forEach((s, si) => {
    doc.rect(lx, ly, 8, 8).fill(PALETTE[si % PALETTE.length]!);
    const label = pdfSafe(s.label);
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#222')
      .text(label, lx + 11, ly, { lineBreak: false });
    lx += 20 + doc.widthOfString(label);
  });
  doc.fillColor('#000').strokeColor('#000');
  doc.x = MARGIN;
  doc.y = ly + 18;
}

/** The pack as a PDF drawn on the server (pdfkit; no browser): figures, vector charts, items, commentary. */
export function packToPdf(
  pack: Pack,
  meta: PackDocument,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? false,
    info: { Title: pdfSafe(title(pack, meta)), Producer: 'Tandem', Creator: 'Tandem' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(pdfSafe(title(pack, meta)));
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444')
    .text(pdfSafe(statusLine(pack, meta)))
    .fillColor('#000');
  if (pack.stillBuilding) {
    doc.moveDown(0.5);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor('#d9480f')
      .text(`${STILL_BUILDING_TITLE}: `, { continued: true })
      .font('Helvetica')
      .text(pdfSafe(pack.stillBuilding.notice))
      .fillColor('#000');
  }
  doc.moveDown();
  for (const s of pack.sections) {
    ensureSpace(doc, 60);
    doc.font('Helvetica-Bold').fontSize(14).text(pdfSafe(s.title), MARGIN);
    doc.font('Helvetica').fontSize(10).text(pdfSafe(s.summary));
    doc.moveDown(0.5);
    if (s.figures.length > 0) figuresTable(doc, s.figures);
    for (const chart of s.charts) drawChart(doc, chart);
    for (const i of s.items) {
      ensureSpace(doc, 14);
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(pdfSafe(`• ${i.key ? `${i.key} ` : ''}${i.title}: ${i.detail}`), MARGIN + 10, doc.y, {
          width: doc.page.width - 2 * MARGIN - 10,
        });
    }
    for (const c of (meta.commentary ?? []).filter((c) => c.section === s.id && c.body)) {
      ensureSpace(doc, 30);
      doc.moveDown(0.3);
      doc
        .font('Helvetica-Oblique')
        .fontSize(9)
        .text(pdfSafe(`${c.party}${c.author ? ` (${c.author})` : ''}: ${c.body}`), MARGIN + 10, doc.y, {
          width: doc.page.width - 2 * MARGIN - 10,
        });
    }
    doc.x = MARGIN;
    doc.moveDown();
  }
  if (meta.actions && meta.actions.length > 0) {
    ensureSpace(doc, 40);
    doc.font('Helvetica-Bold').fontSize(14).text('Agreed actions', MARGIN);
    for (const a of meta.actions)
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(pdfSafe(`• ${a.key} ${a.title}${a.owner ? ` (${a.owner})` : ''}`));
  }
  doc.end();
  return done;
}
