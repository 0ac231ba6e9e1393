import { useEffect, useState } from 'react';
import { data } from 'react-router';
import type { Route } from './+types/poll.present';
import { ResultsChart } from '../components/polls/ResultsChart';
import { useLivePoll } from '../components/polls/useLivePolls';
import { services } from '../context';
import { useT } from '../i18n';
import { idParam } from '../lib/api.server';
import { pollForPage } from '../lib/polls.server';
import { joinQrSvg, joinUrl } from '../../server/polls/presenter';
import { countResults, resultsArePublic, type PollView } from '../../server/polls/queries';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [{ title: loaderData ? `${loaderData.view.poll.question} – Samråd` : 'Samråd' }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  let pollId: number;
  try {
    pollId = idParam(params.id);
  } catch {
    throw data(null, { status: 404 });
  }
  const { db, publicUrl } = services(context);
  const { found, since } = await pollForPage(services(context), request, params.slug, pollId);
  // A screen in a room is public whoever opened it: only results everyone may see.
  const { poll } = found;
  const view: PollView = resultsArePublic(poll) ? { poll, results: await countResults(db, poll) } : { poll };
  const url = joinUrl(publicUrl ?? new URL(request.url).origin, poll.id);
  return { slug: params.slug, view, since, joinUrl: url, qrSvg: await joinQrSvg(url) };
}

export default function PresenterView({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { slug, joinUrl: url, qrSvg } = loaderData;
  const view = useLivePoll(slug, loaderData.since, loaderData.view);
  const { poll, results } = view;
  const shortUrl = url.replace(/^https?:\/\//, '');

  return (
    <div className="presenter">
      <div className="presenter__main">
        <p className="presenter__status">{t(`polls.status.${poll.status}`)}</p>
        <h1 className="presenter__question">{poll.question}</h1>
        {results ? (
          <ResultsChart results={results} question={poll.question} showTable size="presenter" />
        ) : (
          <p className="presenter__waiting" aria-live="polite">
            {poll.status === 'draft' ? t('present.notOpen') : t('polls.resultsHidden.afterClose')}
          </p>
        )}
      </div>
      <aside className="presenter__join" aria-labelledby="presenter-join-heading">
        <h2 id="presenter-join-heading">{t('present.join')}</h2>
        <div className="presenter__qr" role="img" aria-label={t('present.qr', { url: shortUrl })} dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <p className="presenter__url">{shortUrl}</p>
        <FullscreenButton />
      </aside>
    </div>
  );
}

/** Only with JavaScript, which the Fullscreen API needs; F11 works without. */
function FullscreenButton() {
  const t = useT();
  const [available, setAvailable] = useState(false);
  useEffect(() => setAvailable(typeof document.documentElement.requestFullscreen === 'function'), []);
  if (!available) return null;
  return (
    <button type="button" className="button button--secondary presenter__fullscreen" onClick={() => void document.documentElement.requestFullscreen().catch(() => {})}>
      {t('present.fullscreen')}
    </button>
  );
}
