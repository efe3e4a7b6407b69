/**
 * The text of an uncompressed PDF written by pdfkit (compress: false), for tests and checks: the
 * strings shown by each TJ/Tj operator of the content streams, one line per operator. Not a PDF
 * parser: it reads exactly what packToPdf writes (hex strings, WinAnsi bytes).
 */
export function pdfText(pdf: Buffer | Uint8Array): string {
  const source = Buffer.from(pdf).toString('latin1');
  const lines: string[] = [];
  for (const stream of source.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    for (const op of stream[1]!.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes =
        op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]!) : [op[2]!];
      lines.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return lines.join('\n');
}
