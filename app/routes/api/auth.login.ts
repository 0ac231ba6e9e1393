import type { Route } from './+types/auth.login';
import { apiRoute, methodNotAllowed, publicAccount } from '../../lib/api.server';
import { LoginSchema } from '../../../server/auth/accounts';
import { logIn } from '../../../server/auth/flows';
import { parseJson } from '../../../server/http/json';

export const action = apiRoute<Route.ActionArgs>(async ({ request }, services) => {
  const input = await parseJson(request, LoginSchema);
  const { account, setCookie } = await logIn(services, input);
  return Response.json({ user: publicAccount(account) }, { headers: { 'Set-Cookie': setCookie } });
});

export const loader = methodNotAllowed;
