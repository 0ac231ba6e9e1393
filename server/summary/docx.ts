import { Resvg } from '@resvg/resvg-js';
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Chart } from './charts.js';
import type { Block } from './report.js';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** Charts span the text width of an A4 page with default margins (in pixels at 96 dpi). */
const CHART_WIDTH = 600;

/** The summary as a Word document; charts are SVG with a PNG fallback for older Word. */
export async function summaryDocx(blocks: Block[], title: string): Promise<Buffer> {
  const children = blocks.flatMap(render);
  const document = new Document({
    creator: 'Samråd',
    title,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

function render(block: Block): Array<Paragraph | Table> {
  switch (block.type) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[block.level], children: [new TextRun(block.text)] })];
    case 'paragraph':
      return [new Paragraph({ children: lines(block.text), spacing: { after: 120 } })];
    case 'facts':
      return [table(block.items.map((item) => [item.term, item.description]), { boldFirstColumn: true }), spacer()];
    case 'table':
      return [table([block.headings, ...block.rows], { boldFirstRow: true }), spacer()];
    case 'quote':
      return [
        new Paragraph({ indent: { left: 567 }, children: lines(block.text, { italics: true }) }),
        new Paragraph({ indent: { left: 567 }, spacing: { after: 160 }, children: [new TextRun({ text: `– ${block.attribution}`, size: 20 })] }),
      ];
    case 'chart':
      return [
        new Paragraph({ children: [chartImage(block.chart, block.caption, block.table.rows)] }),
        new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: block.caption, italics: true, size: 20 })] }),
      ];
  }
}

function chartImage(chart: Chart, caption: string, rows: Array<[string, string]>) {
  const png = new Resvg(chart.svg, {
    fitTo: { mode: 'width', value: chart.width * 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
  })
    .render()
    .asPng();
  return new ImageRun({
    type: 'svg',
    data: Buffer.from(chart.svg),
    fallback: { type: 'png', data: png },
    transformation: { width: CHART_WIDTH, height: Math.round((chart.height * CHART_WIDTH) / chart.width) },
    altText: { name: caption, title: caption, description: `${caption}: ${rows.map(([label, value]) => `${label} ${value}`).join(', ')}` },
  });
}

function lines(text: string, style: { italics?: boolean } = {}) {
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...style }));
}

function table(rows: string[][], options: { boldFirstColumn?: boolean; boldFirstRow?: boolean }) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: options.boldFirstRow && r === 0,
          children: cells.map(
            (cell, c) =>
              new TableCell({
                children: [new Paragraph({ children: [new TextRun({ text: cell, bold: (options.boldFirstRow && r === 0) || (options.boldFirstColumn && c === 0) })] })],
              }),
          ),
        }),
    ),
  });
}

const spacer = () => new Paragraph({ children: [] });
