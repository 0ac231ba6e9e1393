import { formatDate, useLocale, useT } from '../i18n';
import type { KeyFigure } from '../../server/keyfigures/queries';

interface Row {
  kpiId: string;
  label: string;
  unit: string;
  year: number;
  total: number | null | undefined;
  women: number | null | undefined;
  men: number | null | undefined;
}

/** One compact table per municipality: KPI name, year, value and the gender split where there is one. */
export function KeyFigures({ figures, headingLevel = 2 }: { figures: KeyFigure[]; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 });
  const show = (value: number | null | undefined) => (value === null || value === undefined ? t('keyFigures.missing') : number.format(value));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  const byMunicipality = new Map<string, KeyFigure[]>();
  for (const figure of figures) byMunicipality.set(figure.municipality, [...(byMunicipality.get(figure.municipality) ?? []), figure]);

  return (
    <section aria-labelledby="key-figures-heading" className="key-figures">
      <Heading id="key-figures-heading">{t('keyFigures.title')}</Heading>
      <p>{t('keyFigures.intro')}</p>
      {figures.some((f) => f.isExample) && (
        <p className="key-figures__example">
          <strong>{t('keyFigures.example')}:</strong> {t('keyFigures.exampleNote')}
        </p>
      )}
      {[...byMunicipality.values()].map((group) => {
        const rows = new Map<string, Row>();
        for (const f of group) {
          const key = `${f.kpiId}|${f.year}`;
          const row = rows.get(key) ?? { kpiId: f.kpiId, label: f.label, unit: f.unit, year: f.year, total: undefined, women: undefined, men: undefined };
          if (f.gender === 'T') row.total = f.value;
          if (f.gender === 'K') row.women = f.value;
          if (f.gender === 'M') row.men = f.value;
          rows.set(key, row);
        }
        const split = group.some((f) => f.gender !== 'T');
        const sources = [...new Set(group.map((f) => f.source))].join(', ');
        const retrieved = group.map((f) => f.retrievedAt).sort().at(-1)!;
        const example = group.some((f) => f.isExample);
        return (
          <div className="table-scroll" key={group[0]!.municipality}>
            <table className="key-figures__table">
              <caption>
                {group[0]!.municipalityName}
                {example && <span className="key-figures__tag"> ({t('keyFigures.example')})</span>}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('keyFigures.kpi')}</th>
                  <th scope="col">{t('keyFigures.year')}</th>
                  <th scope="col" className="numeric">
                    {split ? t('keyFigures.total') : t('keyFigures.value')}
                  </th>
                  {split && (
                    <>
                      <th scope="col" className="numeric">
                        {t('keyFigures.women')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('keyFigures.men')}
                      </th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {[...rows.values()].map((row) => (
                  <tr key={`${row.kpiId}-${row.year}`}>
                    <th scope="row">
                      {row.label} <span className="key-figures__kpi">{row.kpiId}</span>
                    </th>
                    <td>{row.year}</td>
                    <td className="numeric">{show(row.total)}</td>
                    {split && (
                      <>
                        <td className="numeric">{row.women === undefined ? '–' : show(row.women)}</td>
                        <td className="numeric">{row.men === undefined ? '–' : show(row.men)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="key-figures__source">{t('keyFigures.source', { source: sources, date: formatDate(retrieved, locale) })}</p>
          </div>
        );
      })}
    </section>
  );
}
