import { Link, redirect } from 'react-router';
import type { Route } from './+types/my-pages';
import { ReasonLine } from '../components/ModerationReason';
import { ParticipantFeedback } from '../components/ParticipantFeedback';
import { services } from '../context';
import { formatDate, useLocale, useT } from '../i18n';
import type { MessageKey } from '../i18n/sv';
import { renderMarkdown } from '../lib/markdown.server';
import { currentAccount } from '../../server/auth/flows';
import { feedbackForParticipant } from '../../server/consultations/feedback';
import { ownComments, type OwnComment } from '../../server/moderation/outcomes';

export const meta: Route.MetaFunction = () => [{ title: 'Mina sidor – Samråd' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const account = await currentAccount(services(context), request);
  if (!account) throw redirect(`/login?redirectTo=${encodeURIComponent('/mina-sidor')}`);
  const feedback = (await feedbackForParticipant(services(context).db, account.id)).map((f) => ({ ...f, html: renderMarkdown(f.feedbackMd) }));
  return { blocked: account.blocked, comments: await ownComments(services(context).db, account.id), feedback };
}

/** The signed-in person's own page, one section per kind of thing they have taken part in. */
export default function MyPages({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="page my-pages">
      <h1>{t('myPages.title')}</h1>
      <p className="lead">{t('myPages.intro')}</p>
      {loaderData.blocked && (
        <p className="callout" role="status">
          {t('myPages.blocked')} <Link to="/moderering/policy">{t('moderation.policyLink')}</Link>
        </p>
      )}
      <ParticipantFeedback items={loaderData.feedback} />
      <section aria-labelledby="my-comments">
        <h2 id="my-comments">{t('myPages.comments')}</h2>
        {loaderData.comments.length === 0 ? (
          <p>{t('myPages.noComments')}</p>
        ) : (
          <ul className="plain-list own-comments">
            {loaderData.comments.map((comment) => (
              <li key={comment.id}>
                <OwnCommentCard comment={comment} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function OwnCommentCard({ comment }: { comment: OwnComment }) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className={`card own-comment own-comment--${comment.state}`} aria-labelledby={`own-${comment.id}`}>
      <h3 id={`own-${comment.id}`} className="own-comment__where">
        <Link to={`/consultations/${comment.consultation.slug}#comment-${comment.id}`}>
          {t('myPages.inConsultation', { consultation: comment.consultation.title, topic: comment.topic.title })}
        </Link>
      </h3>
      <p className="card__meta">
        {t('myPages.written', { date: formatDate(comment.createdAt, locale) })} ·{' '}
        <span className={`status status--${comment.state}`}>{t('myPages.state', { state: t(`moderation.state.${comment.state}` as MessageKey) })}</span>
      </p>
      <p className="comment-body">{comment.body}</p>
      {comment.state === 'pending' && (
        <div className="callout">
          <p>{t('myPages.waiting')}</p>
          {comment.heldExplanations.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      {comment.state === 'withdrawn' && <p>{t('myPages.withdrawn')}</p>}
      {comment.stateReason && <ReasonLine reason={comment.stateReason} />}
      {comment.outcome && (
        <p className="own-comment__outcome">
          {t('myPages.outcome', {
            date: formatDate(comment.outcome.createdAt, locale),
            action: t(`moderation.logged.${comment.outcome.action}` as MessageKey),
          })}
        </p>
      )}
    </article>
  );
}
