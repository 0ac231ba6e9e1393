import type { Route } from './+types/me.comments';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { ownComments } from '../../../server/moderation/outcomes';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request }, services) => {
  const account = await requireAccount(services, request);
  return Response.json({ comments: await ownComments(services.db, account.id) });
});

export const action = methodNotAllowed;
