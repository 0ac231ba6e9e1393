import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stockholmWallClock } from './labels.js';
import { drained } from './stream.js';
import type { Cell, Column } from './table.js';

export interface Sheet<R> {
  name: string;
  columns: Column<R>[];
  pages: () => AsyncIterable<R[]>;
}

/**
 * An XLSX workbook written row by row with ExcelJS's streaming writer: each
 * row is committed (and leaves memory) as it is added, strings are inline
 * rather than shared, and after every page the writer waits until the
 * compressor and the consumer have taken what was written so far.
 */
export async function* xlsxChunks(sheets: Array<Sheet<any>>): AsyncGenerator<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Samråd';
  const writing = (async () => {
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      worksheet.columns = sheet.columns.map((c) => ({
        header: c.heading,
        width: c.width,
        // Styles only where they matter: ExcelJS looks up every styled cell's style, which is most of its time.
        style: c.time ? { numFmt: 'yyyy-mm-dd hh:mm' } : c.width >= 40 ? { alignment: { vertical: 'top', wrapText: true } } : {},
      }));
      worksheet.getRow(1).font = { bold: true };
      worksheet.getRow(1).commit();
      for await (const page of sheet.pages()) {
        for (const row of page) worksheet.addRow(sheet.columns.map((c) => xlsxCell(c.cell(row)))).commit();
        await Promise.all([out, ...zipInputs(worksheet)].map(drained));
      }
      worksheet.commit();
    }
    await workbook.commit();
  })();
  writing.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  yield* out;
  await writing;
}

/**
 * The streams through which the sheet's XML reaches the zip compressor.
 * ExcelJS writes into them without heeding their backpressure, so when
 * deflating is slower than writing rows they would fill without bound;
 * waiting for them keeps one page in flight. (Internal to ExcelJS 4's
 * streaming writer: `stream` is the sheet's StreamBuf, `pipes` its targets.)
 */
function zipInputs(worksheet: ExcelJS.Worksheet): Writable[] {
  return (worksheet as unknown as { stream: { pipes: Writable[] } }).stream.pipes;
}

const xlsxCell = (value: Cell) => (value instanceof Date ? stockholmWallClock(value) : value);
