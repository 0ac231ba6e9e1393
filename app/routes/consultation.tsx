import { data } from 'react-router';
import type { Route } from './+types/consultation';
import { Prose } from '../components/Prose';
import { KeyFigures } from '../components/KeyFigures';
import { services } from '../context';
import { formatDate, useLocale, useT } from '../i18n';
import { getConsultation } from '../../server/consultations/queries';
import { AppError } from '../../server/http/errors';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: loaderData ? `${loaderData.consultation.title} – Samråd` : 'Samråd' },
  { name: 'description', content: loaderData?.consultation.summary ?? '' },
];

export async function loader({ params, context }: Route.LoaderArgs) {
  try {
    return { consultation: await getConsultation(services(context).db, params.slug) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw data(null, { status: 404 });
    throw error;
  }
}

export default function ConsultationPage({ loaderData }: Route.ComponentProps) {
  const { consultation: c } = loaderData;
  const t = useT();
  const locale = useLocale();
  return (
    <article className="page consultation">
      <header className="consultation__header">
        <p className={`status status--${c.status}`}>{t(`consultation.status.${c.status}`)}</p>
        <h1>{c.title}</h1>
        <p className="lead">{c.summary}</p>
      </header>

      <div className="consultation__layout">
        <div className="consultation__main">
          {c.feedbackMd && (
            <section aria-labelledby="feedback-heading" className="callout">
              <h2 id="feedback-heading">{t('consultation.feedback')}</h2>
              <Prose text={c.feedbackMd} />
            </section>
          )}
          <section aria-labelledby="background-heading">
            <h2 id="background-heading">{t('consultation.background')}</h2>
            <Prose text={c.bodyMd} />
          </section>
          {c.influenceMd && (
            <section aria-labelledby="influence-heading">
              <h2 id="influence-heading">{t('consultation.influence')}</h2>
              <Prose text={c.influenceMd} />
            </section>
          )}
          {c.decidedMd && (
            <section aria-labelledby="decided-heading">
              <h2 id="decided-heading">{t('consultation.decided')}</h2>
              <Prose text={c.decidedMd} />
            </section>
          )}
          {c.keyFigures.length > 0 && <KeyFigures figures={c.keyFigures} />}
          <section aria-labelledby="topics-heading">
            <h2 id="topics-heading">{t('consultation.topics')}</h2>
            <ol className="topic-list">
              {c.topics.map((topic) => (
                <li key={topic.id} id={`topic-${topic.id}`}>
                  <h3>{topic.title}</h3>
                  {topic.prompt && <p>{topic.prompt}</p>}
                </li>
              ))}
            </ol>
          </section>
        </div>

        <aside className="consultation__facts" aria-labelledby="facts-heading">
          <h2 id="facts-heading">{t('consultation.facts')}</h2>
          <dl>
            <dt>{t('consultation.by')}</dt>
            <dd>
              <ul className="plain-list">
                {c.organizations.map((o) => (
                  <li key={o.id}>
                    {o.name}
                    {o.isLead && c.organizations.length > 1 && ` (${t('consultation.lead')})`}
                  </li>
                ))}
              </ul>
            </dd>
            {c.decisionMaker && (
              <>
                <dt>{t('consultation.decisionMaker')}</dt>
                <dd>{c.decisionMaker}</dd>
              </>
            )}
            {c.decisionDate && (
              <>
                <dt>{t('consultation.decisionDate')}</dt>
                <dd>{formatDate(c.decisionDate, locale)}</dd>
              </>
            )}
            {c.opensAt && c.closesAt && (
              <>
                <dt>{t('consultation.period')}</dt>
                <dd>
                  {formatDate(c.opensAt, locale)} – {formatDate(c.closesAt, locale)}
                </dd>
              </>
            )}
            <dt>{t('consultation.level')}</dt>
            <dd>{t(`level.${c.participationLevel}`)}</dd>
            <dt>{t('consultation.moderation')}</dt>
            <dd>{t(`consultation.moderation.${c.moderationMode}`)}</dd>
          </dl>
        </aside>
      </div>
    </article>
  );
}
