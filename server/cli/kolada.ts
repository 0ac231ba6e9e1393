import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/index.js';
import { AppError } from '../http/errors.js';
import { fetchKolada, importKeyFigures, KOLADA_API, KoladaFormatError } from '../keyfigures/kolada.js';
import { CommandError, USAGE } from './commands.js';

const FILE_OPTIONS = ['--file', '--kpi-file'];

/**
 * The arguments with every file option made absolute: a command sent to the
 * running server is run in the server's working directory, not the caller's.
 */
export function withAbsolutePaths(argv: string[], cwd = process.cwd()) {
  return argv.map((arg, i) => {
    const option = FILE_OPTIONS.find((o) => arg.startsWith(`${o}=`));
    if (option) return `${option}=${path.resolve(cwd, arg.slice(option.length + 1))}`;
    return i > 0 && FILE_OPTIONS.includes(argv[i - 1]!) ? path.resolve(cwd, arg) : arg;
  });
}

/**
 * `kolada import`: reads a saved Kolada data response (and optionally the
 * KPI metadata response for titles and units), or fetches both from the
 * API, and writes the figures in one transaction.
 */
export async function koladaCommand(db: Db, args: string[]) {
  if (args[0] !== 'import') throw new CommandError(`Unknown kolada command "${args[0] ?? ''}".\n${USAGE}`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: args.slice(1),
      options: {
        consultation: { type: 'string' },
        file: { type: 'string' },
        'kpi-file': { type: 'string' },
        example: { type: 'boolean' },
        retrieved: { type: 'string' },
        url: { type: 'boolean' },
        kpi: { type: 'string' },
        municipality: { type: 'string' },
        year: { type: 'string' },
        api: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CommandError(`${(error as Error).message}\n${USAGE}`);
  }
  const slug = values.consultation;
  if (typeof slug !== 'string') throw new CommandError(`--consultation is required.\n${USAGE}`);
  if (Boolean(values.file) === Boolean(values.url)) throw new CommandError(`Give either --file or --url.\n${USAGE}`);

  let data: unknown;
  let kpis: unknown;
  let retrievedAt = new Date();
  let from: string;
  try {
    if (typeof values.file === 'string') {
      data = readJson(values.file);
      if (typeof values['kpi-file'] === 'string') kpis = readJson(values['kpi-file']);
      if (typeof values.retrieved === 'string') retrievedAt = parseDay(values.retrieved);
      from = values.file;
    } else {
      const kpiIds = list(values.kpi, '--kpi', /^[A-Z]\d{5}$/);
      const municipalities = list(values.municipality, '--municipality', /^\d{4}$/);
      const years = values.year === undefined ? [] : list(values.year, '--year', /^\d{4}$/).map(Number);
      const api = typeof values.api === 'string' ? values.api : KOLADA_API;
      ({ data, kpis } = await fetchKolada(api, kpiIds, municipalities, years));
      from = api;
    }
    const { figures } = await importKeyFigures(db, { consultationSlug: slug, data, kpis, isExample: values.example === true, retrievedAt });
    return `Imported ${figures} key figures from ${from} into ${slug}${values.example ? ' (marked as illustrative: exempelvärden)' : ''}.`;
  } catch (error) {
    if (error instanceof KoladaFormatError) throw new CommandError(`${error.message}\nNothing was imported.`);
    if (error instanceof AppError) throw new CommandError(error.message);
    throw error;
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new CommandError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KoladaFormatError(`${file} är inte giltig JSON (${(error as Error).message}).`);
  }
}

function list(value: string | boolean | undefined, option: string, pattern: RegExp) {
  const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (items.length === 0) throw new CommandError(`${option} is required with --url.`);
  const bad = items.find((item) => !pattern.test(item));
  if (bad) throw new CommandError(`${option}: "${bad}" is not a valid id.`);
  return items;
}

function parseDay(value: string) {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(NaN);
  if (Number.isNaN(day.getTime())) throw new CommandError('--retrieved must be a date as YYYY-MM-DD.');
  return day;
}
