import { data } from 'react-router';
import type { Account } from '../../server/auth/accounts';
import { currentAccount } from '../../server/auth/flows';
import { AppError, badRequest } from '../../server/http/errors';
import { validate } from '../../server/http/json';
import { findPoll, hiddenFrom, viewPoll, viewPolls, viewerFor } from '../../server/polls/queries';
import { lastEventId } from '../../server/realtime/outbox';
import { VoteSchema, castVoteLimited } from '../../server/polls/vote';
import type { RequestServices } from '../../server/services';
import type { PollFormError } from '../components/polls/PollCard';
import { stockholmInputToIso } from './stockholm-time';

/** The polls section of a consultation page: open and closed polls as this viewer may see them. */
export async function pollsForPage(services: RequestServices, request: Request, consultationId: number) {
  // Read first: the live connection replays whatever happens after it.
  const since = await lastEventId(services.db, consultationId);
  const account = await currentAccount(services, request);
  const viewer = await viewerFor(services.db, account, consultationId);
  const views = await viewPolls(services.db, consultationId, viewer, { includeDrafts: false });
  return { views, signedIn: account !== undefined, canManage: viewer.official, since };
}

/** One poll of the consultation named in the URL, or a 404 page. */
export async function pollForPage(services: RequestServices, request: Request, slug: string, pollId: number) {
  const account = await currentAccount(services, request);
  const found = await findPoll(services.db, pollId).catch(rethrowAsPage);
  const since = await lastEventId(services.db, found.poll.consultationId);
  const viewer = await viewerFor(services.db, account, found.poll.consultationId);
  if (found.consultationSlug !== slug || hiddenFrom(viewer, found.poll, found.consultationStatus)) throw data(null, { status: 404 });
  return { account, viewer, found, since, view: await viewPoll(services.db, found.poll, viewer) };
}

function rethrowAsPage(error: unknown): never {
  if (error instanceof AppError && error.status === 404) throw data(null, { status: 404 });
  throw error;
}

/**
 * A vote from the form: the chosen options (`optionId`, repeated) and, when
 * "other" is among them, the free text. Returns the failure to show, if any.
 */
export async function voteFromForm(
  services: RequestServices,
  account: Account | undefined,
  pollId: number,
  form: FormData,
): Promise<{ error: PollFormError; status: number } | undefined> {
  try {
    if (!account) throw new AppError(401, 'unauthorized', 'Du behöver logga in för att rösta.');
    const chosen = form.getAll('optionId').map(String);
    const otherChosen = chosen.includes('other');
    const otherText = String(form.get('otherText') ?? '').trim();
    if (otherChosen && !otherText) throw badRequest('Skriv ditt eget svar.', { otherText: 'Skriv ditt eget svar.' });
    const input = validate(VoteSchema, {
      optionIds: chosen.filter((c) => c !== 'other').map(Number),
      otherText: otherChosen ? otherText : undefined,
    });
    await castVoteLimited(services, account, pollId, input);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 404) throw data(null, { status: 404 });
    return { error: { pollId, message: error.message, fields: error.fields ?? {} }, status: error.status };
  }
}

/** The create-poll form as the API's JSON: one option per line, Swedish times. */
export function newPollFromForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return {
    question: text('question'),
    kind: text('kind'),
    options: text('options')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    resultsVisibility: text('resultsVisibility'),
    allowOther: form.get('allowOther') === 'on',
    opensAt: stockholmInputToIso(text('opensAt')),
    closesAt: stockholmInputToIso(text('closesAt')),
  };
}
