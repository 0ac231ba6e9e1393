import type { Db } from '../../db/index.js';
import type { Gender } from '../../db/schema.js';

export interface KeyFigure {
  kpiId: string;
  label: string;
  municipality: string;
  /** The organization's name when one has this Kolada id, else the id. */
  municipalityName: string;
  year: number;
  gender: Gender;
  value: number | null;
  unit: string;
  source: string;
  /** Illustrative values, not retrieved from the source: shown as "exempelvärden". */
  isExample: boolean;
  retrievedAt: string;
}

export async function keyFiguresOf(db: Db, consultationId: number): Promise<KeyFigure[]> {
  const rows = await db
    .selectFrom('key_figures as k')
    .leftJoin('organizations as o', 'o.kolada_id', 'k.municipality')
    .select(['k.kpi_id', 'k.label', 'k.municipality', 'o.name', 'k.year', 'k.gender', 'k.value', 'k.unit', 'k.source', 'k.is_example', 'k.retrieved_at'])
    .where('k.consultation_id', '=', consultationId)
    .orderBy('k.municipality')
    .orderBy('k.label')
    .orderBy('k.year', 'desc')
    .orderBy('k.gender', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    // Two organizations could share a Kolada id; list each figure once.
    const key = `${r.kpi_id}|${r.municipality}|${r.year}|${r.gender}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      {
        kpiId: r.kpi_id,
        label: r.label,
        municipality: r.municipality,
        municipalityName: r.name ?? r.municipality,
        year: r.year,
        gender: r.gender,
        value: r.value,
        unit: r.unit,
        source: r.source,
        isExample: r.is_example,
        retrievedAt: r.retrieved_at.toISOString(),
      },
    ];
  });
}
