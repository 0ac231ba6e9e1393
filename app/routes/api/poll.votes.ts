import type { Route } from './+types/poll.votes';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { AppError } from '../../../server/http/errors';
import { parseJson } from '../../../server/http/json';
import { VoteSchema, castVoteLimited } from '../../../server/polls/vote';

export const loader = methodNotAllowed;

export const action = apiRoute<Route.ActionArgs>(async ({ request, params }, services) => {
  if (request.method !== 'POST') throw new AppError(405, 'method_not_allowed', 'Metoden stöds inte för den här adressen.');
  const account = await requireAccount(services, request);
  const input = await parseJson(request, VoteSchema);
  return Response.json(await castVoteLimited(services, account, idParam(params.id), input));
});
