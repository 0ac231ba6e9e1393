// Small SVG charts for the summary, drawn on the server so that the page,
// the DOCX and the PDF show the same picture. Only the shapes and fonts
// every renderer here handles: rect, line, text (no CSS, no markers).

export interface Chart {
  svg: string;
  width: number;
  height: number;
}

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;
const FONT = 'Liberation Sans, DejaVu Sans, Arial, Helvetica, sans-serif';
const BAR = '#0b4f8a';
const TEXT = '#1b1b1b';
const GRID = '#c9ccd1';

const escape = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

const text = (x: number, y: number, content: string, attributes = '') =>
  `<text x="${x}" y="${y}" font-family="${FONT}" font-size="13" fill="${TEXT}" ${attributes}>${escape(content)}</text>`;

function frame(title: string, height: number, body: string[]): Chart {
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<title>${escape(title)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('');
  return { svg, width: WIDTH, height };
}

/** Horizontal bars, one row per label, with the value at the end of each bar. */
export function barChart(title: string, bars: Bar[]): Chart {
  const row = 28;
  const labelWidth = 220;
  const valueWidth = 56;
  const plot = WIDTH - labelWidth - valueWidth;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * row + 8;
  const body = bars.flatMap((bar, i) => {
    const y = 4 + i * row;
    const length = Math.round((bar.value / max) * plot);
    return [
      text(labelWidth - 8, y + 18, shorten(bar.label, 30), 'text-anchor="end"'),
      `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(length, bar.value > 0 ? 2 : 0)}" height="${row - 10}" fill="${BAR}"/>`,
      text(labelWidth + length + 6, y + 18, String(bar.value)),
    ];
  });
  return frame(title, height, body);
}

/** Columns per day with a value axis; every few days labelled so that labels never collide. */
export function dayChart(title: string, days: Array<{ date: string; count: number }>): Chart {
  const height = 220;
  const left = 44;
  const right = 12;
  const top = 12;
  const bottom = 36;
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const max = niceCeiling(Math.max(1, ...days.map((d) => d.count)));
  const slot = plotWidth / Math.max(1, days.length);
  const every = Math.ceil(days.length / 8);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const body: string[] = [];
  for (const value of [0, max / 2, max]) {
    body.push(`<line x1="${left}" y1="${y(value)}" x2="${WIDTH - right}" y2="${y(value)}" stroke="${GRID}" stroke-width="1"/>`);
    body.push(text(left - 6, y(value) + 4, formatNumber(value), 'text-anchor="end"'));
  }
  days.forEach((day, i) => {
    const x = left + i * slot;
    const barHeight = (day.count / max) * plotHeight;
    if (day.count > 0) {
      body.push(`<rect x="${(x + slot * 0.15).toFixed(1)}" y="${y(day.count).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${BAR}"/>`);
    }
    if (i % every === 0) {
      body.push(text(x + slot / 2, height - bottom + 18, shortDate(day.date), 'text-anchor="middle"'));
    }
  });
  return frame(title, height, body);
}

/** 1, 2, 5, 10, 20, 50 … at or above the value, for a readable axis. */
function niceCeiling(value: number) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * magnitude >= value)!;
  return step * magnitude;
}

const formatNumber = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1).replace('.', ','));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const shortDate = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
