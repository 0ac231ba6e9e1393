import { data, useLocation } from 'react-router';
import type { Route } from './+types/consultation';
import { CommentsProvider } from '../components/comments/context';
import { LiveComments, Presence } from '../components/comments/LiveComments';
import { SortSwitch, TopicComments } from '../components/comments/TopicComments';
import { KeyFigures } from '../components/KeyFigures';
import { Markdown } from '../components/Markdown';
import { PollsSection } from '../components/polls/PollsSection';
import { services } from '../context';
import { formatDate, useLocale, useT } from '../i18n';
import { commentAction, loadComments } from '../lib/comments.server';
import { pollsForPage } from '../lib/polls.server';
import { renderMarkdown } from '../lib/markdown.server';
import { currentAccount } from '../../server/auth/flows';
import { getConsultation } from '../../server/consultations/queries';
import { lastEventId } from '../../server/realtime/outbox';
import { AppError } from '../../server/http/errors';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: loaderData ? `${loaderData.consultation.title} – Samråd` : 'Samråd' },
  { name: 'description', content: loaderData?.consultation.summary ?? '' },
];

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const requestServices = services(context);
  try {
    const consultation = await getConsultation(requestServices.db, params.slug);
    // Read before the comments: the live connection replays whatever happens after it.
    const since = await lastEventId(requestServices.db, consultation.id);
    const account = await currentAccount(requestServices, request);
    const comments = await loadComments(requestServices, consultation.topics.map((topic) => topic.id), account, new URL(request.url));
    return {
      consultation,
      html: {
        body: renderMarkdown(consultation.bodyMd),
        influence: renderMarkdown(consultation.influenceMd),
        decided: renderMarkdown(consultation.decidedMd),
        feedback: consultation.feedbackMd ? renderMarkdown(consultation.feedbackMd) : '',
      },
      viewer: account ? { id: account.id, displayName: account.displayName, blocked: account.blocked } : null,
      comments,
      lastEventId: since,
      polls: await pollsForPage(requestServices, request, consultation.id),
    };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw data(null, { status: 404 });
    throw error;
  }
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const requestServices = services(context);
  return commentAction(requestServices, request, params.slug, await currentAccount(requestServices, request));
}

export default function ConsultationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { consultation: c, html, viewer, comments } = loaderData;
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const commentsContext = {
    slug: c.slug,
    viewer,
    open: c.status === 'open',
    formKey: comments.formKey,
    result: actionData,
    loginHref: `/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`,
  };
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
              <Markdown html={html.feedback} />
            </section>
          )}
          <section aria-labelledby="background-heading">
            <h2 id="background-heading">{t('consultation.background')}</h2>
            <Markdown html={html.body} />
          </section>
          {c.influenceMd && (
            <section aria-labelledby="influence-heading">
              <h2 id="influence-heading">{t('consultation.influence')}</h2>
              <Markdown html={html.influence} />
            </section>
          )}
          {c.decidedMd && (
            <section aria-labelledby="decided-heading">
              <h2 id="decided-heading">{t('consultation.decided')}</h2>
              <Markdown html={html.decided} />
            </section>
          )}
          {c.keyFigures.length > 0 && <KeyFigures figures={c.keyFigures} />}
          <PollsSection slug={c.slug} polls={loaderData.polls} />
          <section aria-labelledby="topics-heading">
            <h2 id="topics-heading">{t('consultation.topics')}</h2>
            <LiveComments slug={c.slug} since={loaderData.lastEventId} sort={comments.sort} topics={c.topics}>
              <Presence />
              {c.topics.length > 0 && <SortSwitch sort={comments.sort} />}
              <CommentsProvider value={commentsContext}>
                <ol className="topic-list">
                  {c.topics.map((topic, i) => (
                    <li key={topic.id} id={`topic-${topic.id}`}>
                      <h3>{topic.title}</h3>
                      {topic.prompt && <p>{topic.prompt}</p>}
                      <TopicComments topic={topic} data={comments.topics[i]!} sort={comments.sort} />
                    </li>
                  ))}
                </ol>
              </CommentsProvider>
            </LiveComments>
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
