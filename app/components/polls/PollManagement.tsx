import { Form, Link } from 'react-router';
import type { OtherAnswer } from '../../../server/polls/manage';
import type { PollView } from '../../../server/polls/queries';
import { ErrorSummary, FormField } from '../FormField';
import { useLocale, useT, type Locale } from '../../i18n';
import { ResultsChart } from './ResultsChart';

export interface ManagedPoll extends PollView {
  otherAnswers: OtherAnswer[];
}

export interface PollManagementFailure {
  intent: string;
  pollId?: number;
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

/** Where the forms below post: the manage-polls route, so that any page can include them. */
export const pollManagementPath = (slug: string) => `/consultations/${slug}/manage/polls`;

function formatTime(value: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(
    new Date(value),
  );
}

/** An official's list of a consultation's polls with open, close and the presenter view. */
export function ManagedPollList({ slug, polls, failure }: { slug: string; polls: ManagedPoll[]; failure?: PollManagementFailure }) {
  const t = useT();
  const locale = useLocale();
  if (polls.length === 0) return <p>{t('polls.none')}</p>;
  return (
    <ul className="plain-list managed-polls">
      {polls.map(({ poll, results, otherAnswers }) => (
        <li key={poll.id} id={`poll-${poll.id}`} className="card managed-poll">
          <p className={`status status--${poll.status}`}>{t(`polls.status.${poll.status}`)}</p>
          <h3>{poll.question}</h3>
          <p className="card__meta">
            {t(`manage.polls.kind.${poll.kind}`)} · {t(`manage.polls.visibility.${poll.resultsVisibility}`)}
            {poll.opensAt && poll.status === 'draft' && <> · {t('manage.polls.opensOn', { time: formatTime(poll.opensAt, locale) })}</>}
            {poll.closesAt && poll.status !== 'closed' && <> · {t('manage.polls.closesOn', { time: formatTime(poll.closesAt, locale) })}</>}
          </p>
          {failure?.pollId === poll.id && (
            <p className="field__error" role="alert">
              {failure.message}
            </p>
          )}
          <div className="managed-poll__actions">
            {poll.status !== 'closed' && (
              <Form method="post" action={pollManagementPath(slug)}>
                <input type="hidden" name="pollId" value={poll.id} />
                <button type="submit" name="intent" value={poll.status === 'draft' ? 'open' : 'close'} className="button">
                  {poll.status === 'draft' ? t('manage.polls.open') : t('manage.polls.close')}
                </button>
              </Form>
            )}
            <Link to={`/consultations/${slug}/polls/${poll.id}/present`} className="button button--secondary">
              {t('polls.present')}
            </Link>
          </div>
          {results && poll.status !== 'draft' && <ResultsChart results={results} question={poll.question} showTable />}
          {poll.allowOther && (
            <details className="managed-poll__other">
              <summary>{t('manage.polls.otherAnswers', { count: otherAnswers.length })}</summary>
              <p className="field__hint">{t('manage.polls.otherAnswersHint')}</p>
              <ul>
                {otherAnswers.map((answer, i) => (
                  <li key={i}>
                    {answer.text}
                    {answer.heldBy.length > 0 && <strong className="managed-poll__held"> {t('manage.polls.heldBy', { rules: answer.heldBy.map((rule) => t(`moderation.rule.${rule}`)).join(', ') })}</strong>}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The create-poll form; it works without JavaScript (options one per line). */
export function CreatePollForm({ slug, failure }: { slug: string; failure?: PollManagementFailure }) {
  const t = useT();
  const mine = failure?.intent === 'create' ? failure : undefined;
  const values = mine?.values ?? {};
  const fields = mine?.fields ?? {};
  return (
    <Form method="post" action={pollManagementPath(slug)} className="form" noValidate>
      {mine && <ErrorSummary title={t('form.errorSummary')} message={mine.message} fields={mine.fields} />}
      <input type="hidden" name="intent" value="create" />
      <FormField name="question" label={t('manage.polls.question')} required defaultValue={values.question} error={fields.question} />
      <div className={fields.options ? 'field field--error' : 'field'}>
        <label htmlFor="poll-options">{t('manage.polls.options')}</label>
        <p id="poll-options-hint" className="field__hint">
          {t('manage.polls.optionsHint')}
        </p>
        {fields.options && (
          <p id="poll-options-error" className="field__error">
            {fields.options}
          </p>
        )}
        <textarea
          id="poll-options"
          name="options"
          rows={5}
          required
          defaultValue={values.options}
          aria-invalid={fields.options ? true : undefined}
          aria-describedby={fields.options ? 'poll-options-hint poll-options-error' : 'poll-options-hint'}
        />
      </div>
      <fieldset className="choice-group">
        <legend>{t('manage.polls.kind')}</legend>
        {(['single', 'multiple'] as const).map((kind) => (
          <div className="choice" key={kind}>
            <input type="radio" id={`poll-kind-${kind}`} name="kind" value={kind} defaultChecked={(values.kind ?? 'single') === kind} />
            <label htmlFor={`poll-kind-${kind}`}>{t(`manage.polls.kind.${kind}`)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className="choice-group">
        <legend>{t('manage.polls.visibility')}</legend>
        {(['live', 'after_vote', 'after_close'] as const).map((visibility) => (
          <div className="choice" key={visibility}>
            <input
              type="radio"
              id={`poll-visibility-${visibility}`}
              name="resultsVisibility"
              value={visibility}
              defaultChecked={(values.resultsVisibility ?? 'live') === visibility}
            />
            <label htmlFor={`poll-visibility-${visibility}`}>{t(`manage.polls.visibility.${visibility}`)}</label>
          </div>
        ))}
      </fieldset>
      <div className="choice">
        <input type="checkbox" id="poll-allow-other" name="allowOther" defaultChecked={values.allowOther === 'on'} />
        <label htmlFor="poll-allow-other">{t('manage.polls.allowOther')}</label>
      </div>
      <DateTimeField name="opensAt" label={t('manage.polls.opensAt')} hint={t('manage.polls.timeHint')} value={values.opensAt} error={fields.opensAt} />
      <DateTimeField name="closesAt" label={t('manage.polls.closesAt')} hint={t('manage.polls.timeHint')} value={values.closesAt} error={fields.closesAt} />
      <button type="submit" className="button">
        {t('manage.polls.create')}
      </button>
    </Form>
  );
}

function DateTimeField({ name, label, hint, value, error }: { name: string; label: string; hint: string; value?: string; error?: string }) {
  const id = `poll-${name}`;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
      <input
        id={id}
        type="datetime-local"
        name={name}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}
