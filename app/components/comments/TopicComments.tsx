import { Link } from 'react-router';
import type { TopicComments as TopicCommentsData } from '../../lib/comments.server';
import type { CommentSort } from '../../../server/comments/schemas';
import { useT } from '../../i18n';
import { CommentForm } from './CommentForm';
import { CommentThread } from './CommentThread';
import { NewCommentsBar, useLiveTopic } from './LiveComments';
import { useCanParticipate, useComments } from './context';

/** One topic's comments: the form for a new one, the threads, and paging links. */
export function TopicComments({ topic, data, sort }: { topic: { id: number; title: string }; data: TopicCommentsData; sort: CommentSort }) {
  const t = useT();
  const { viewer, open, loginHref } = useComments();
  const canParticipate = useCanParticipate();
  const live = useLiveTopic(topic.id, data.threads);
  const headingId = `topic-${topic.id}-comments`;
  return (
    <section className="topic-comments" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('comments.heading', { topic: topic.title })}</h4>
      {canParticipate ? (
        <CommentForm
          name={`topic-${topic.id}`}
          intent="comment"
          hidden={{ topicId: topic.id }}
          label={t('comments.write.label')}
          submitLabel={t('comments.write.submit')}
        />
      ) : !open ? (
        <p className="callout">{t('comments.closed')}</p>
      ) : viewer?.blocked ? (
        <p className="callout">{t('comments.blocked')}</p>
      ) : (
        <p>
          <Link to={loginHref} className="button button--secondary">
            {t('comments.login')}
          </Link>
        </p>
      )}
      {live.threads.length === 0 && live.waiting === 0 && <p className="comment-list__empty">{t('comments.empty')}</p>}
      <NewCommentsBar count={live.waiting} onReveal={live.reveal} />
      <ol className="comment-list" data-topic-id={topic.id}>
        {live.threads.map((thread) => (
          <CommentThread key={thread.comment.id} thread={thread} />
        ))}
      </ol>
      {(data.nextCursor || data.paged) && (
        <p className="comment-paging">
          {data.nextCursor && (
            <Link to={`?${new URLSearchParams({ sort, topic: String(topic.id), cursor: data.nextCursor })}#${headingId}`} preventScrollReset>
              {t('comments.more')}
            </Link>
          )}
          {data.paged && (
            <Link to={`?${new URLSearchParams({ sort })}#${headingId}`} preventScrollReset>
              {t('comments.first')}
            </Link>
          )}
        </p>
      )}
    </section>
  );
}

export function SortSwitch({ sort }: { sort: CommentSort }) {
  const t = useT();
  return (
    <nav className="sort-switch" aria-label={t('comments.sort.label')}>
      <span className="sort-switch__label" aria-hidden="true">
        {t('comments.sort.label')}:
      </span>
      <ul>
        {(['new', 'old', 'supported'] as const).map((option) => (
          <li key={option}>
            <Link to={`?sort=${option}#topics-heading`} aria-current={option === sort ? 'true' : undefined} preventScrollReset>
              {t(`comments.sort.${option}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
