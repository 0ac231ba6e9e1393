import { data, Link, redirect } from 'react-router';
import type { Route } from './+types/poll';
import { PollCard } from '../components/polls/PollCard';
import { useLivePoll } from '../components/polls/useLivePolls';
import { services } from '../context';
import { useT } from '../i18n';
import { idParam } from '../lib/api.server';
import { safeRedirect } from '../lib/forms.server';
import { pollForPage, voteFromForm } from '../lib/polls.server';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [{ title: loaderData ? `${loaderData.view.poll.question} – Samråd` : 'Samråd' }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { account, viewer, view, since } = await pollForPage(services(context), request, params.slug, pagePollId(params.id));
  return { slug: params.slug, view, since, signedIn: account !== undefined, canManage: viewer.official };
}

/** A vote from this page or from the consultation page: back to where it was cast, or the error here. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const pollId = pagePollId(params.id);
  const { account } = await pollForPage(services(context), request, params.slug, pollId);
  const form = await request.formData();
  const failed = await voteFromForm(services(context), account, pollId, form);
  if (failed) return data(failed.error, { status: failed.status });
  const back = safeRedirect(form.get('returnTo'), `/consultations/${params.slug}/polls/${pollId}`);
  return redirect(`${back}#poll-${pollId}`);
}

function pagePollId(value: string) {
  try {
    return idParam(value);
  } catch {
    throw data(null, { status: 404 });
  }
}

export default function PollPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { slug, signedIn, canManage } = loaderData;
  const view = useLivePoll(slug, loaderData.since, loaderData.view);
  const here = `/consultations/${slug}/polls/${view.poll.id}`;
  return (
    <div className="page narrow poll-page">
      <p>
        <Link to={`/consultations/${slug}`}>{t('polls.backToConsultation')}</Link>
      </p>
      <PollCard view={view} slug={slug} signedIn={signedIn} returnTo={here} heading="h1" error={actionData ?? undefined} />
      {canManage && (
        <p>
          <Link to={`${here}/present`}>{t('polls.present')}</Link>
        </p>
      )}
    </div>
  );
}
