import { Link } from 'react-router';
import { formatDate, useLocale, useT } from '../i18n';
import { Markdown } from './Markdown';

export interface FeedbackItem {
  slug: string;
  title: string;
  /** From renderMarkdown (app/lib/markdown.server.ts). */
  html: string;
  feedbackPublishedAt: string;
}

/** "Återkoppling på samråd du deltagit i": for a participant's own page. */
export function ParticipantFeedback({ items }: { items: FeedbackItem[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="participant-feedback-heading" className="participant-feedback">
      <h2 id="participant-feedback-heading">{t('participantFeedback.title')}</h2>
      {items.length === 0 ? (
        <p>{t('participantFeedback.none')}</p>
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.slug}>
              <article className="card" aria-labelledby={`feedback-${item.slug}`}>
                <h3 id={`feedback-${item.slug}`} className="card__title">
                  <Link to={`/consultations/${item.slug}`}>{item.title}</Link>
                </h3>
                <p className="card__meta">{t('participantFeedback.published', { date: formatDate(item.feedbackPublishedAt, locale) })}</p>
                <Markdown html={item.html} />
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
