import type { Route } from './+types/consultation.polls';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { AppError } from '../../../server/http/errors';
import { parseJson } from '../../../server/http/json';
import { NewPollSchema, createPoll } from '../../../server/polls/manage';

export const loader = methodNotAllowed;

export const action = apiRoute<Route.ActionArgs>(async ({ request, params }, services) => {
  if (request.method !== 'POST') throw new AppError(405, 'method_not_allowed', 'Metoden stöds inte för den här adressen.');
  const account = await requireAccount(services, request);
  const input = await parseJson(request, NewPollSchema);
  return Response.json({ poll: await createPoll(services.db, account, params.slug, input) }, { status: 201 });
});
