import type { Route } from './+types/comment.flags';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { flagComment } from '../../../server/comments/flag';
import { limitCommentWrite } from '../../../server/comments/limits';
import { FlagSchema } from '../../../server/comments/schemas';
import { parseJson } from '../../../server/http/json';

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method !== 'POST') return methodNotAllowed(args);
  const id = idParam(params.id);
  const account = await requireAccount(services, request);
  const input = await parseJson(request, FlagSchema);
  await limitCommentWrite(services, account.id, 'flag');
  return Response.json({ flag: await flagComment(services.db, account, id, input) }, { status: 201 });
});

export const loader = methodNotAllowed;
