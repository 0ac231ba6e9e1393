import type { Route } from './+types/comment.moderation';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { parseJson } from '../../../server/http/json';
import { moderateComment } from '../../../server/moderation/actions';
import { ModerationSchema } from '../../../server/moderation/policy';

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method !== 'POST') return methodNotAllowed(args);
  const id = idParam(params.id);
  const account = await requireAccount(services, request);
  const input = await parseJson(request, ModerationSchema);
  return Response.json(await moderateComment(services.db, account, id, input));
});

export const loader = methodNotAllowed;
