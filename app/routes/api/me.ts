import type { Route } from './+types/me';
import { apiRoute, methodNotAllowed, publicAccount, requireAccount } from '../../lib/api.server';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request }, services) => {
  return Response.json({ user: publicAccount(await requireAccount(services, request)) });
});

export const action = methodNotAllowed;
