import { Link } from 'react-router';
import { formatDate, useLocale, useT } from '../i18n';
import type { ConsultationSummary } from '../../server/consultations/queries';

export function ConsultationCard({ consultation }: { consultation: ConsultationSummary }) {
  const t = useT();
  const locale = useLocale();
  const date = consultation.closesAt ? formatDate(consultation.closesAt, locale) : null;
  return (
    <article className="card">
      <h3 className="card__title">
        <Link to={`/consultations/${consultation.slug}`}>{consultation.title}</Link>
      </h3>
      <p className="card__meta">{consultation.organizations.map((o) => o.name).join(', ')}</p>
      <p>{consultation.summary}</p>
      <p className="card__meta">
        {date && (consultation.status === 'open' ? t('consultation.closes', { date }) : t('consultation.closed', { date }))}
        {date && ' · '}
        {t('consultation.comments', { count: consultation.counts.comments })}
      </p>
    </article>
  );
}
