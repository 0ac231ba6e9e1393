import type { Route } from './+types/comment';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { editComment, withdrawComment } from '../../../server/comments/change';
import { limitCommentWrite } from '../../../server/comments/limits';
import { EditCommentSchema } from '../../../server/comments/schemas';
import { toPublicComment } from '../../../server/comments/view';
import { parseJson } from '../../../server/http/json';

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method === 'PATCH') {
    const id = idParam(params.id);
    const account = await requireAccount(services, request);
    const input = await parseJson(request, EditCommentSchema);
    await limitCommentWrite(services, account.id, 'comment');
    return Response.json({ comment: toPublicComment(await editComment(services.db, account, id, input), account) });
  }
  if (request.method === 'DELETE') {
    const id = idParam(params.id);
    const account = await requireAccount(services, request);
    await limitCommentWrite(services, account.id, 'reaction');
    return Response.json({ comment: toPublicComment(await withdrawComment(services.db, account, id), account) });
  }
  return methodNotAllowed(args);
});

export const loader = methodNotAllowed;
