import type { Route } from './+types/auth.logout';
import { apiRoute, methodNotAllowed } from '../../lib/api.server';
import { logOut } from '../../../server/auth/flows';

export const action = apiRoute<Route.ActionArgs>(async ({ request }, services) => {
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': await logOut(services, request) } });
});

export const loader = methodNotAllowed;
