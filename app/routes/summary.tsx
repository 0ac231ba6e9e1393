import { Link } from 'react-router';
import type { Route } from './+types/summary';
import { SummaryReport } from '../components/SummaryReport';
import { services } from '../context';
import { useT } from '../i18n';
import { loadSummary } from '../lib/summary.server';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [{ title: loaderData ? `Sammanställning – ${loaderData.title} – Samråd` : 'Samråd' }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  return loadSummary(services(context), request, params.slug);
}

export default function SummaryPage({ loaderData }: Route.ComponentProps) {
  const { slug, blocks } = loaderData;
  const t = useT();
  const [title, ...rest] = blocks;
  return (
    <article className="page summary">
      <p>
        <Link to={`/consultations/${slug}`}>{t('summary.back')}</Link>
      </p>
      {title && <SummaryReport blocks={[title]} />}
      <nav className="summary__downloads" aria-label={t('summary.downloads')}>
        <a className="button button--secondary" href={`/consultations/${slug}/summary.docx`} download>
          {t('summary.docx')}
        </a>
        <a className="button button--secondary" href={`/consultations/${slug}/summary.pdf`} download>
          {t('summary.pdf')}
        </a>
        <a href="#export">{t('summary.export.title')}</a>
      </nav>
      <SummaryReport blocks={rest} />

      <section id="export" aria-labelledby="export-heading" className="summary__export card">
        <h2 id="export-heading">{t('summary.export.title')}</h2>
        <p>{t('summary.export.intro')}</p>
        <form method="get" action={`/api/v1/consultations/${slug}/export`} className="form">
          <fieldset>
            <legend>{t('summary.export.format')}</legend>
            {(['xlsx', 'csv', 'json'] as const).map((format) => (
              <label key={format} className="choice">
                <input type="radio" name="format" value={format} defaultChecked={format === 'xlsx'} /> {t(`summary.export.format.${format}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('summary.export.scope')}</legend>
            {(['public', 'full'] as const).map((scope) => (
              <label key={scope} className="choice">
                <input type="radio" name="scope" value={scope} defaultChecked={scope === 'public'} /> {t(`summary.export.scope.${scope}`)}
              </label>
            ))}
          </fieldset>
          <label className="choice">
            <input type="checkbox" name="names" value="true" /> {t('summary.export.names')}
          </label>
          <div>
            <button type="submit" className="button">
              {t('summary.export.submit')}
            </button>
          </div>
        </form>
      </section>
    </article>
  );
}
