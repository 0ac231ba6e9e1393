import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Block } from './report.js';

const MARGIN = 56;
const SIZES = { 1: 20, 2: 15, 3: 12.5 } as const;
const BODY = 10.5;

// PDF's standard Helvetica covers Windows-1252 (åäö, é, ü, “”, –, …), so no
// font file has to ship; anything outside it is shown as "?" rather than as
// a wrong glyph.
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const winAnsi = (text: string) =>
  text.replace(/[^\n\x20-\x7e\xa0-\xff]/gu, (ch) => (CP1252_EXTRA.includes(ch) ? ch : '?'));

/** The summary as an A4 PDF with the charts drawn as vectors. */
export async function summaryPdf(blocks: Block[], title: string, language: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, lang: language, displayTitle: true, info: { Title: winAnsi(title), Creator: 'Samråd' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica').fontSize(BODY);
  for (const block of blocks) render(doc, block, width);
  numberPages(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function render(doc: PDFKit.PDFDocument, block: Block, width: number) {
  switch (block.type) {
    case 'heading':
      keepSpace(doc, SIZES[block.level] * 4);
      if (doc.y > doc.page.margins.top) doc.moveDown(0.8);
      doc.font('Helvetica-Bold').fontSize(SIZES[block.level]).text(winAnsi(block.text), MARGIN, undefined, { width });
      doc.moveDown(0.3).font('Helvetica').fontSize(BODY);
      return;
    case 'paragraph':
      doc.text(winAnsi(block.text), MARGIN, undefined, { width }).moveDown(0.5);
      return;
    case 'facts':
      rows(doc, block.items.map((item) => [item.term, item.description]), width, { boldColumn: 0 });
      return;
    case 'table':
      rows(doc, [block.headings, ...block.rows], width, { boldRow: 0 });
      return;
    case 'quote':
      keepSpace(doc, 40);
      doc.font('Helvetica-Oblique').text(winAnsi(block.text), MARGIN + 18, undefined, { width: width - 18 });
      doc.font('Helvetica').fontSize(BODY - 1).text(`– ${winAnsi(block.attribution)}`, MARGIN + 18, undefined, { width: width - 18 });
      doc.fontSize(BODY).moveDown(0.6);
      return;
    case 'chart': {
      const height = (block.chart.height * width) / block.chart.width;
      keepSpace(doc, height + 30);
      const top = doc.y;
      SVGtoPDF(doc, winAnsi(block.chart.svg), MARGIN, top, {
        width,
        height,
        fontCallback: () => 'Helvetica',
        warningCallback: () => {},
      });
      doc.font('Helvetica-Oblique').fontSize(BODY - 1).text(winAnsi(block.caption), MARGIN, top + height + 4, { width });
      doc.font('Helvetica').fontSize(BODY).moveDown(0.8);
      return;
    }
  }
}

/** Rows of cells in equal columns (a wider first one for two), breaking pages between rows. */
function rows(doc: PDFKit.PDFDocument, table: string[][], width: number, style: { boldColumn?: number; boldRow?: number }) {
  const columns = Math.max(...table.map((r) => r.length));
  const first = columns === 2 ? width * 0.45 : width / columns;
  const rest = columns === 2 ? width - first : width / columns;
  const x = (c: number) => MARGIN + (c === 0 ? 0 : first + (c - 1) * rest);
  const w = (c: number) => (c === 0 ? first : rest) - 8;
  table.forEach((cells, r) => {
    const font = (c: number) => (style.boldRow === r || style.boldColumn === c ? 'Helvetica-Bold' : 'Helvetica');
    const height = Math.max(...cells.map((cell, c) => doc.font(font(c)).heightOfString(winAnsi(cell), { width: w(c) })));
    keepSpace(doc, height + 6);
    const top = doc.y;
    cells.forEach((cell, c) => doc.font(font(c)).text(winAnsi(cell), x(c), top, { width: w(c) }));
    doc.moveTo(MARGIN, top + height + 3).lineTo(MARGIN + width, top + height + 3).lineWidth(0.5).strokeColor('#c9ccd1').stroke();
    doc.x = MARGIN;
    doc.y = top + height + 6;
  });
  doc.font('Helvetica').moveDown(0.6);
}

/** A new page unless `needed` points still fit on this one. */
function keepSpace(doc: PDFKit.PDFDocument, needed: number) {
  if (doc.y + needed > doc.page.height - MARGIN) doc.addPage();
}

function numberPages(doc: PDFKit.PDFDocument) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8.5).fillColor('#4a4a4a');
    doc.text(`${i + 1} / ${count}`, MARGIN, doc.page.height - MARGIN / 2 - 4, { width: doc.page.width - 2 * MARGIN, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
}
