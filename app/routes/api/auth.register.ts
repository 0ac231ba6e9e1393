import type { Route } from './+types/auth.register';
import { apiRoute, methodNotAllowed, publicAccount } from '../../lib/api.server';
import { RegisterSchema } from '../../../server/auth/accounts';
import { signUp } from '../../../server/auth/flows';
import { parseJson } from '../../../server/http/json';

export const action = apiRoute<Route.ActionArgs>(async ({ request }, services) => {
  const input = await parseJson(request, RegisterSchema);
  const { account, setCookie } = await signUp(services, input);
  return Response.json({ user: publicAccount(account) }, { status: 201, headers: { 'Set-Cookie': setCookie } });
});

export const loader = methodNotAllowed;
