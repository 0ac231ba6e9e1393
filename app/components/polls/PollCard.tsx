import { Form, Link } from 'react-router';
import type { PollView } from '../../../server/polls/queries';
import { useT } from '../../i18n';
import { ResultsChart } from './ResultsChart';

export interface PollFormError {
  pollId: number;
  message: string;
  fields: Record<string, string>;
}

interface Props {
  view: PollView;
  slug: string;
  signedIn: boolean;
  /** Where the vote form returns to after a vote (this page). */
  returnTo: string;
  heading: 'h1' | 'h2' | 'h3';
  error?: PollFormError;
}

/** One poll: question, the vote form while it is open, and the results the viewer may see. */
export function PollCard({ view, slug, signedIn, returnTo, heading: Heading, error }: Props) {
  const t = useT();
  const { poll, results, ballot } = view;
  const headingId = `poll-${poll.id}-question`;
  const errorFor = error?.pollId === poll.id ? error : undefined;

  return (
    <section className="poll card" id={`poll-${poll.id}`} aria-labelledby={headingId}>
      <p className={`status status--${poll.status}`}>{t(`polls.status.${poll.status}`)}</p>
      <Heading id={headingId} className="poll__question">
        {poll.question}
      </Heading>

      {poll.status === 'open' &&
        (signedIn ? (
          <VoteForm view={view} slug={slug} returnTo={returnTo} error={errorFor} />
        ) : (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(`${returnTo}#poll-${poll.id}`)}`}>{t('polls.loginToVote')}</Link>
          </p>
        ))}
      {ballot && poll.status === 'open' && <p className="poll__voted">{t('polls.voted')}</p>}

      {results ? (
        <ResultsChart results={results} question={poll.question} />
      ) : (
        poll.status !== 'draft' && <p className="poll__hidden-results">{t(`polls.resultsHidden.${poll.resultsVisibility === 'after_vote' ? 'afterVote' : 'afterClose'}`)}</p>
      )}
    </section>
  );
}

function VoteForm({ view, slug, returnTo, error }: { view: PollView; slug: string; returnTo: string; error?: PollFormError }) {
  const t = useT();
  const { poll, ballot } = view;
  const type = poll.kind === 'single' ? 'radio' : 'checkbox';
  const id = (suffix: string) => `poll-${poll.id}-${suffix}`;
  const otherChosen = Boolean(ballot?.otherText);
  const describedBy = [id('hint'), error ? id('error') : undefined].filter(Boolean).join(' ');

  return (
    <Form method="post" action={`/consultations/${slug}/polls/${poll.id}`} className="poll__form" preventScrollReset>
      <input type="hidden" name="returnTo" value={returnTo} />
      <fieldset aria-describedby={describedBy}>
        <legend className="visually-hidden">{poll.question}</legend>
        <p id={id('hint')} className="field__hint">
          {t(`polls.kind.${poll.kind}`)}
        </p>
        {error && (
          <p id={id('error')} className="field__error" role="alert">
            {Object.values(error.fields)[0] ?? error.message}
          </p>
        )}
        {poll.options.map((option) => (
          <div className="choice" key={option.id}>
            <input
              type={type}
              id={id(`option-${option.id}`)}
              name="optionId"
              value={option.id}
              defaultChecked={ballot?.optionIds.includes(option.id)}
            />
            <label htmlFor={id(`option-${option.id}`)}>{option.label}</label>
          </div>
        ))}
        {poll.allowOther && (
          <>
            <div className="choice">
              <input type={type} id={id('other')} name="optionId" value="other" defaultChecked={otherChosen} />
              <label htmlFor={id('other')}>{t('polls.other')}</label>
            </div>
            <div className="field poll__other">
              <label htmlFor={id('other-text')}>{t('polls.otherText')}</label>
              <p id={id('other-hint')} className="field__hint">
                {t('polls.otherHint')}
              </p>
              <textarea
                id={id('other-text')}
                name="otherText"
                rows={2}
                maxLength={500}
                defaultValue={ballot?.otherText ?? ''}
                aria-describedby={id('other-hint')}
              />
            </div>
          </>
        )}
      </fieldset>
      <button type="submit" className="button">
        {ballot ? t('polls.changeVote') : t('polls.vote')}
      </button>
    </Form>
  );
}
