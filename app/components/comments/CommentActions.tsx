import { useId } from 'react';
import { Form, Link } from 'react-router';
import type { PublicComment } from '../../../server/comments/view';
import { useT } from '../../i18n';
import { CommentForm } from './CommentForm';
import { useCanParticipate, useComments, useFormResult } from './context';

const FLAG_REASONS = ['personal_attack', 'hate', 'personal_data', 'spam', 'off_topic', 'other'] as const;

/**
 * Support, reply, edit, withdraw and flag: each a small form that posts to
 * the page's action, so all of it works without JavaScript. The less common
 * ones open in a <details>, which opens by itself again when its form failed.
 */
export function CommentActions({ comment, own }: { comment: PublicComment; own: boolean }) {
  const t = useT();
  const canParticipate = useCanParticipate();
  const published = comment.state === 'published';
  return (
    <div className="comment__actions">
      <Support comment={comment} interactive={canParticipate && published && !own} />
      {canParticipate && published && comment.author && (
        <Disclosure form={`reply-${comment.id}`} summary={t('comments.reply')}>
          <CommentForm
            name={`reply-${comment.id}`}
            intent="comment"
            hidden={{ topicId: comment.topicId, parentId: comment.id }}
            label={t('comments.reply.label', { name: comment.author.displayName })}
            submitLabel={t('comments.reply.submit')}
          />
        </Disclosure>
      )}
      {own && comment.editableUntil && canParticipate && (
        <Disclosure form={`edit-${comment.id}`} summary={t('comments.edit')}>
          <p className="field__hint">{t('comments.edit.hint')}</p>
          <CommentForm
            name={`edit-${comment.id}`}
            intent="edit"
            hidden={{ commentId: comment.id }}
            label={t('comments.edit.label')}
            submitLabel={t('comments.edit.submit')}
            defaultBody={comment.body ?? ''}
          />
        </Disclosure>
      )}
      {own && canParticipate && comment.state !== 'withdrawn' && <Withdraw comment={comment} />}
      {canParticipate && published && !own && <Flag comment={comment} />}
    </div>
  );
}

function Disclosure({ form, summary, children }: { form: string; summary: string; children: React.ReactNode }) {
  const failed = useFormResult(form);
  return (
    <details className="comment__disclosure" open={failed ? true : undefined}>
      <summary>{summary}</summary>
      <div className="comment__disclosure-body">{children}</div>
    </details>
  );
}

function Support({ comment, interactive }: { comment: PublicComment; interactive: boolean }) {
  const t = useT();
  const { viewer, loginHref } = useComments();
  const result = useFormResult(`support-${comment.id}`);
  const count = <span className="comment__support-count">{t('comments.supportCount', { count: comment.supportCount })}</span>;
  if (!interactive) {
    return (
      <p className="comment__support">
        {count}
        {!viewer && comment.state === 'published' && (
          <>
            {' '}
            <Link to={loginHref} className="comment__login">
              {t('comments.support.login')}
            </Link>
          </>
        )}
      </p>
    );
  }
  const supported = comment.supportedByViewer === true;
  return (
    <Form method="post" className="comment__support">
      <input type="hidden" name="commentId" value={comment.id} />
      <button type="submit" name="intent" value={supported ? 'unsupport' : 'support'} aria-pressed={supported} className="button button--small button--toggle">
        {t('comments.support')}
      </button>{' '}
      {count}
      {result && !result.ok && (
        <span className="field__error" role="alert">
          {' '}
          {result.message}
        </span>
      )}
    </Form>
  );
}

function Withdraw({ comment }: { comment: PublicComment }) {
  const t = useT();
  const result = useFormResult(`withdraw-${comment.id}`);
  return (
    <Disclosure form={`withdraw-${comment.id}`} summary={t('comments.withdraw')}>
      <Form method="post">
        <input type="hidden" name="commentId" value={comment.id} />
        <p>{t('comments.withdraw.hint')}</p>
        {result && !result.ok && (
          <p className="field__error" role="alert">
            {result.message}
          </p>
        )}
        <button type="submit" name="intent" value="withdraw" className="button button--secondary">
          {t('comments.withdraw.submit')}
        </button>
      </Form>
    </Disclosure>
  );
}

function Flag({ comment }: { comment: PublicComment }) {
  const t = useT();
  const id = useId();
  const result = useFormResult(`flag-${comment.id}`);
  if (result?.ok) {
    return (
      <p className="comment__flagged" role="status">
        {result.message}
      </p>
    );
  }
  const fields = result?.fields ?? {};
  return (
    <Disclosure form={`flag-${comment.id}`} summary={t('comments.flag')}>
      <Form method="post" className="comment-form" noValidate>
        <input type="hidden" name="commentId" value={comment.id} />
        {result && Object.keys(fields).length === 0 && (
          <p className="field__error" role="alert">
            {result.message}
          </p>
        )}
        <div className={fields.reason ? 'field field--error' : 'field'}>
          <label htmlFor={`${id}-reason`}>{t('comments.flag.reason')}</label>
          {fields.reason && (
            <p id={`${id}-reason-error`} className="field__error">
              {fields.reason}
            </p>
          )}
          <select
            id={`${id}-reason`}
            name="reason"
            required
            defaultValue={result?.values.reason ?? ''}
            aria-invalid={fields.reason ? true : undefined}
            aria-describedby={fields.reason ? `${id}-reason-error` : undefined}
          >
            <option value="">{t('comments.flag.choose')}</option>
            {FLAG_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`comments.flag.reason.${reason}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={fields.note ? 'field field--error' : 'field'}>
          <label htmlFor={`${id}-note`}>{t('comments.flag.note')}</label>
          {fields.note && (
            <p id={`${id}-note-error`} className="field__error">
              {fields.note}
            </p>
          )}
          <textarea
            id={`${id}-note`}
            name="note"
            rows={2}
            defaultValue={result?.values.note ?? ''}
            aria-describedby={fields.note ? `${id}-note-error` : undefined}
          />
        </div>
        <button type="submit" name="intent" value="flag" className="button button--secondary">
          {t('comments.flag.submit')}
        </button>
      </Form>
    </Disclosure>
  );
}
