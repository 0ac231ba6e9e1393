import { stockholmTime } from './labels.js';
import type { Cell, Column } from './table.js';

// RFC 4180: comma-separated, CRLF line ends, a field in double quotes when it
// holds a comma, quote or line break, quotes inside doubled. The byte order
// mark makes Excel read the file as UTF-8, so åäö survive a double click.

export const BOM = '\uFEFF';

// A spreadsheet runs a cell starting with one of these as a formula
// (OWASP "CSV injection"); a leading apostrophe makes it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let text = value instanceof Date ? stockholmTime(value) : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

export async function* csvChunks<R>(columns: Column<R>[], pages: AsyncIterable<R[]>): AsyncGenerator<string> {
  yield BOM + csvLine(columns.map((c) => c.heading));
  for await (const page of pages) {
    yield page.map((row) => csvLine(columns.map((c) => c.cell(row)))).join('');
  }
}
