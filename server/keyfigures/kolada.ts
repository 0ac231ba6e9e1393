import { z } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import type { Gender } from '../../db/schema.js';
import { notFound } from '../http/errors.js';

// Key figures from Kolada (kolada.se, run by RKA), read from the API's own
// `data` responses: {"values": [{"kpi", "municipality", "period",
// "values": [{"gender": "T"|"K"|"M", "status", "value", "count"}]}]}.
// v2 and v3 answer in the same shape; v3 names the next page `next_url`
// where v2 says `next_page`.

export const KOLADA_SOURCE = 'Kolada (RKA)';
export const KOLADA_API = 'https://api.kolada.se/v3';

/** The file or response is not a Kolada data response; nothing was written. */
export class KoladaFormatError extends Error {}

const KoladaValue = z.object({
  gender: z.enum(['T', 'K', 'M'], 'gender ska vara T, K eller M'),
  status: z.string().nullish(),
  value: z.number('value ska vara ett tal eller null').finite().nullable(),
  count: z.number().int().nonnegative().optional(),
});

const KoladaDataPoint = z.object({
  kpi: z.string('kpi saknas').regex(/^[A-Z]\d{5}$/, 'kpi ska vara ett Kolada-id som N01951'),
  municipality: z.string('municipality saknas').regex(/^\d{4}$/, 'municipality ska vara ett fyrsiffrigt kommun-id som 1984'),
  period: z.union([z.number().int(), z.string().regex(/^\d{4}$/)], 'period ska vara ett årtal').transform(Number),
  values: z.array(KoladaValue, 'values ska vara en lista').min(1, 'values är tom'),
});

export const KoladaDataResponse = z.object({
  values: z.array(KoladaDataPoint, 'values ska vara en lista av datapunkter'),
  count: z.number().int().optional(),
  next_page: z.string().nullish(),
  next_url: z.string().nullish(),
});
export type KoladaData = z.infer<typeof KoladaDataResponse>;

/** KPI metadata (`/kpi/<ids>`): only the title and unit are used. */
export const KoladaKpiResponse = z.object({
  values: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      unit: z.string().nullish(),
    }),
    'values ska vara en lista av nyckeltal',
  ),
});
export type KoladaKpis = z.infer<typeof KoladaKpiResponse>;

export interface KeyFigureImport {
  consultationSlug: string;
  data: unknown;
  kpis?: unknown;
  /** Values not retrieved from Kolada itself (the demo's illustrative figures). */
  isExample: boolean;
  retrievedAt: Date;
  source?: string;
}

/** Checks a response against the Kolada shape, naming the first problems found. */
export function parseKolada<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `  ${issue.path.length ? issue.path.join('.') : '(hela filen)'}: ${issue.message}`);
  throw new KoladaFormatError(`${what} är inte ett svar från Koladas API i väntat format:\n${problems.join('\n')}`);
}

/**
 * Replaces the consultation's figures for every KPI, municipality, year and
 * gender in the response. All rows or none: one bad data point and nothing
 * is written.
 */
export async function importKeyFigures(db: Db, input: KeyFigureImport) {
  const data = parseKolada(KoladaDataResponse, input.data, 'Datafilen');
  const kpis = input.kpis === undefined ? undefined : parseKolada(KoladaKpiResponse, input.kpis, 'Nyckeltalsfilen');
  rejectDuplicates(data);
  return db.transaction().execute(async (tx) => {
    const consultation = await tx.selectFrom('consultations').select('id').where('slug', '=', input.consultationSlug).executeTakeFirst();
    if (!consultation) throw notFound(`Samrådet ${input.consultationSlug} finns inte.`);
    return writeKeyFigures(tx, consultation.id, data, kpis, input);
  });
}

function rejectDuplicates(data: KoladaData) {
  const seen = new Map<string, number>();
  data.values.forEach((point, i) =>
    point.values.forEach((v) => {
      const key = `${point.kpi} ${point.municipality} ${point.period} ${v.gender}`;
      const first = seen.get(key);
      if (first !== undefined) {
        throw new KoladaFormatError(`Datafilen har samma värde två gånger (values.${first} och values.${i}: ${key}).`);
      }
      seen.set(key, i);
    }),
  );
}

/** Writes parsed figures inside the caller's transaction (the import above, the demo seed). */
export async function writeKeyFigures(
  tx: Tx,
  consultationId: number,
  data: KoladaData,
  kpis: KoladaKpis | undefined,
  options: { isExample: boolean; retrievedAt: Date; source?: string },
) {
  const titles = new Map(kpis?.values.map((k) => [k.id, k]) ?? []);
  const known = await tx.selectFrom('key_figures').select(['kpi_id', 'label', 'unit']).where('consultation_id', '=', consultationId).execute();
  const rows = data.values.flatMap((point) =>
    point.values.map((v) => {
      const meta = titles.get(point.kpi);
      const previous = known.find((k) => k.kpi_id === point.kpi);
      return {
        consultation_id: consultationId,
        source: options.source ?? KOLADA_SOURCE,
        kpi_id: point.kpi,
        municipality: point.municipality,
        year: point.period,
        value: v.value,
        gender: v.gender as Gender,
        unit: meta?.unit ?? previous?.unit ?? '',
        label: meta?.title ?? previous?.label ?? point.kpi,
        is_example: options.isExample,
        retrieved_at: options.retrievedAt,
      };
    }),
  );
  if (rows.length === 0) return { figures: 0 };
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('key_figures')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['consultation_id', 'kpi_id', 'municipality', 'year', 'gender']).doUpdateSet((eb) => ({
          source: eb.ref('excluded.source'),
          value: eb.ref('excluded.value'),
          unit: eb.ref('excluded.unit'),
          label: eb.ref('excluded.label'),
          is_example: eb.ref('excluded.is_example'),
          retrieved_at: eb.ref('excluded.retrieved_at'),
        })),
      )
      .execute();
  }
  return { figures: rows.length };
}

/** The data URL for the given KPIs, municipalities and (optionally) years. */
export function koladaDataUrl(base: string, kpis: string[], municipalities: string[], years: number[]) {
  const path = `/data/kpi/${kpis.join(',')}/municipality/${municipalities.join(',')}`;
  return `${base.replace(/\/+$/, '')}${path}${years.length ? `/year/${years.join(',')}` : ''}`;
}

/** Fetches every page of a data response and the KPI titles from Kolada. */
export async function fetchKolada(base: string, kpis: string[], municipalities: string[], years: number[]) {
  const values: unknown[] = [];
  let next: string | null | undefined = koladaDataUrl(base, kpis, municipalities, years);
  while (next) {
    const page: KoladaData = parseKolada(KoladaDataResponse, await getJson(next), `Svaret från ${next}`);
    values.push(...page.values);
    next = page.next_url ?? page.next_page;
  }
  const meta = await getJson(`${base.replace(/\/+$/, '')}/kpi/${kpis.join(',')}`);
  return { data: { values }, kpis: meta };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new KoladaFormatError(`Kolada svarade ${response.status} på ${url}.`);
  try {
    return await response.json();
  } catch {
    throw new KoladaFormatError(`Kolada svarade inte med JSON på ${url}.`);
  }
}
