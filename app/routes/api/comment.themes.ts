import type { Route } from './+types/comment.themes';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { parseJson } from '../../../server/http/json';
import { CommentThemesSchema, setCommentThemes } from '../../../server/themes/themes';

export const loader = methodNotAllowed;

/** PUT {themeIds}: the comment's themes become exactly these. */
export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  if (args.request.method !== 'PUT') return methodNotAllowed(args);
  const account = await requireAccount(services, args.request);
  const { themeIds } = await parseJson(args.request, CommentThemesSchema);
  return Response.json({ comment: await setCommentThemes(services.db, account, idParam(args.params.id), themeIds) });
});
