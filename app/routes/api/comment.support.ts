import type { Route } from './+types/comment.support';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { limitCommentWrite } from '../../../server/comments/limits';
import { supportComment, unsupportComment } from '../../../server/comments/support';
import { toPublicComment } from '../../../server/comments/view';

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  const change = request.method === 'PUT' ? supportComment : request.method === 'DELETE' ? unsupportComment : undefined;
  if (!change) return methodNotAllowed(args);
  const id = idParam(params.id);
  const account = await requireAccount(services, request);
  await limitCommentWrite(services, account.id, 'reaction');
  return Response.json({ comment: toPublicComment(await change(services.db, account, id), account) });
});

export const loader = methodNotAllowed;
