import type { PublicComment } from '../../../server/comments/view';
import { formatDateTime, useLocale, useT } from '../../i18n';
import { HiddenByModerator, ReasonLine } from '../ModerationReason';
import { CommentActions } from './CommentActions';
import { useComments } from './context';

const HELD_RULES = ['personnummer', 'phone', 'email', 'word_list', 'links'] as const;

/**
 * One comment. Others only ever get published text; what has no text for
 * this viewer (withdrawn, hidden) shows as a placeholder: in place when a
 * moderator took it down, otherwise only when replies hang under it.
 */
export function Comment({ comment }: { comment: PublicComment }) {
  const t = useT();
  const locale = useLocale();
  const { viewer } = useComments();
  const own = viewer !== null && comment.author?.id === viewer.id;

  if (comment.body === null || comment.author === null) {
    if (comment.state === 'hidden' && comment.stateReason && comment.stateReason !== 'flagged') {
      return (
        <article id={`comment-${comment.id}`} className="comment comment--placeholder" data-state={comment.state}>
          <HiddenByModerator reason={comment.stateReason} />
        </article>
      );
    }
    const text =
      comment.state === 'withdrawn'
        ? own
          ? t('comments.placeholder.withdrawnOwn')
          : t('comments.placeholder.withdrawn')
        : comment.stateReason === 'flagged'
          ? t('comments.placeholder.flagged')
          : t('comments.placeholder.hidden');
    return (
      <article id={`comment-${comment.id}`} className="comment comment--placeholder" data-state={comment.state}>
        <p className="comment__placeholder">{text}</p>
      </article>
    );
  }

  return (
    <article
      id={`comment-${comment.id}`}
      className={`comment comment--${comment.state}${own ? ' comment--own' : ''}`}
      data-state={comment.state}
      aria-labelledby={`comment-${comment.id}-author`}
    >
      <header className="comment__header">
        <span id={`comment-${comment.id}-author`} className="comment__author">
          {comment.author.displayName}
        </span>
        {comment.replyTo && (
          <a className="comment__reply-to" href={`#comment-${comment.replyTo.id}`}>
            {comment.replyTo.authorName
              ? t('comments.replyTo', { name: comment.replyTo.authorName })
              : t('comments.replyToGone')}
          </a>
        )}
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, locale)}</time>
        {comment.edited && <span className="comment__edited">{t('comments.edited')}</span>}
      </header>
      {own && <OwnStatus comment={comment} />}
      <p className="comment__body" dir="auto">
        {comment.body}
      </p>
      <CommentActions comment={comment} own={own} />
    </article>
  );
}

/** What only the author sees: why their comment is not (or no longer) public. */
function OwnStatus({ comment }: { comment: PublicComment }) {
  const t = useT();
  if (comment.state === 'pending') {
    const held = HELD_RULES.filter((rule) => comment.heldBy?.includes(rule));
    return (
      <div className="comment__notice" role="status">
        <p className="comment__notice-title">{t('comments.pending')}</p>
        {held.length > 0 ? held.map((rule) => <p key={rule}>{t(`comments.held.${rule}`)}</p>) : <p>{t('comments.pending.pre')}</p>}
      </div>
    );
  }
  if (comment.state === 'hidden' || comment.state === 'rejected') {
    const key = comment.state === 'rejected' ? 'comments.own.rejected' : comment.stateReason === 'flagged' ? 'comments.own.flagged' : 'comments.own.hidden';
    return (
      <div className="comment__notice">
        <p className="comment__notice-title">{t(key)}</p>
        {comment.stateReason && comment.stateReason !== 'flagged' && <ReasonLine reason={comment.stateReason} />}
      </div>
    );
  }
  return null;
}
