import { data, Link, redirect } from 'react-router';
import type { Route } from './+types/manage.polls';
import { CreatePollForm, ManagedPollList, pollManagementPath, type PollManagementFailure } from '../components/polls/PollManagement';
import { services } from '../context';
import { useT } from '../i18n';
import { newPollFromForm } from '../lib/polls.server';
import { currentAccount } from '../../server/auth/flows';
import type { Account } from '../../server/auth/accounts';
import { AppError } from '../../server/http/errors';
import { validate } from '../../server/http/json';
import { NewPollSchema, createPoll, listOtherAnswers, setPollStatus } from '../../server/polls/manage';
import { viewPolls, viewerFor } from '../../server/polls/queries';
import type { RequestServices } from '../../server/services';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [{ title: loaderData ? `${loaderData.consultation.title} – Samråd` : 'Samråd' }];

/** The consultation, for an official of its organizations; anyone else is sent to log in or told no. */
async function requireOfficialPage(s: RequestServices, request: Request, slug: string): Promise<{ account: Account; consultation: { id: number; slug: string; title: string } }> {
  const account = await currentAccount(s, request);
  if (!account) throw redirect(`/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`);
  const consultation = await s.db.selectFrom('consultations').select(['id', 'slug', 'title', 'status']).where('slug', '=', slug).executeTakeFirst();
  if (!consultation) throw data(null, { status: 404 });
  const viewer = await viewerFor(s.db, account, consultation.id);
  if (!viewer.official) throw data(null, { status: consultation.status === 'draft' ? 404 : 403 });
  return { account, consultation };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const s = services(context);
  const { account, consultation } = await requireOfficialPage(s, request, params.slug);
  const views = await viewPolls(s.db, consultation.id, await viewerFor(s.db, account, consultation.id));
  const polls = await Promise.all(
    views.map(async (view) => ({ ...view, otherAnswers: view.poll.allowOther ? await listOtherAnswers(s.db, account, view.poll.id) : [] })),
  );
  return { consultation: { slug: consultation.slug, title: consultation.title }, polls };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const s = services(context);
  const { account, consultation } = await requireOfficialPage(s, request, params.slug);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const back = pollManagementPath(consultation.slug);
  if (intent === 'create') {
    try {
      const poll = await createPoll(s.db, account, consultation.slug, validate(NewPollSchema, newPollFromForm(form)));
      return redirect(`${back}#poll-${poll.id}`);
    } catch (error) {
      return failed(error, { intent, values: formValues(form) });
    }
  }
  if (intent === 'open' || intent === 'close') {
    const pollId = Number(form.get('pollId'));
    try {
      await setPollStatus(s.db, account, pollId, intent === 'open' ? 'open' : 'closed');
      return redirect(`${back}#poll-${pollId}`);
    } catch (error) {
      return failed(error, { intent, pollId, values: {} });
    }
  }
  throw data(null, { status: 400 });
}

function formValues(form: FormData) {
  return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function failed(error: unknown, context: Pick<PollManagementFailure, 'intent' | 'pollId' | 'values'>) {
  if (!(error instanceof AppError)) throw error;
  if (error.status === 404) throw data(null, { status: 404 });
  const failure: PollManagementFailure = { ...context, message: error.message, fields: error.fields ?? {} };
  return data(failure, { status: error.status });
}

export default function ManagePolls({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { consultation, polls } = loaderData;
  return (
    <div className="page manage-polls">
      <p>
        <Link to={`/consultations/${consultation.slug}`}>{t('polls.backToConsultation')}</Link>
      </p>
      <h1>{t('manage.polls.title', { title: consultation.title })}</h1>
      <section aria-labelledby="managed-polls-heading">
        <h2 id="managed-polls-heading">{t('polls.heading')}</h2>
        <ManagedPollList slug={consultation.slug} polls={polls} failure={actionData ?? undefined} />
      </section>
      <section aria-labelledby="new-poll-heading">
        <h2 id="new-poll-heading">{t('manage.polls.new')}</h2>
        <CreatePollForm slug={consultation.slug} failure={actionData ?? undefined} />
      </section>
    </div>
  );
}
