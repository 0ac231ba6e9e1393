import type { Route } from './+types/poll';
import { apiRoute, idParam, requireAccount } from '../../lib/api.server';
import { currentAccount } from '../../../server/auth/flows';
import { AppError, notFound } from '../../../server/http/errors';
import { parseJson } from '../../../server/http/json';
import { PollStatusSchema, setPollStatus } from '../../../server/polls/manage';
import { findPoll, hiddenFrom, viewPoll, viewerFor } from '../../../server/polls/queries';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request, params }, services) => {
  const { poll, consultationStatus } = await findPoll(services.db, idParam(params.id));
  const viewer = await viewerFor(services.db, await currentAccount(services, request), poll.consultationId);
  if (hiddenFrom(viewer, poll, consultationStatus)) throw notFound('Frågan finns inte.');
  return Response.json(await viewPoll(services.db, poll, viewer), { headers: { 'Cache-Control': 'private, no-store' } });
});

export const action = apiRoute<Route.ActionArgs>(async ({ request, params }, services) => {
  if (request.method !== 'PATCH') throw new AppError(405, 'method_not_allowed', 'Metoden stöds inte för den här adressen.');
  const account = await requireAccount(services, request);
  const { status } = await parseJson(request, PollStatusSchema);
  return Response.json({ poll: await setPollStatus(services.db, account, idParam(params.id), status) });
});
