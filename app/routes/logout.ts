import { redirect } from 'react-router';
import type { Route } from './+types/logout';
import { services } from '../context';
import { logOut } from '../../server/auth/flows';

export async function action({ request, context }: Route.ActionArgs) {
  return redirect('/', { headers: { 'Set-Cookie': await logOut(services(context), request) } });
}

export function loader() {
  return redirect('/');
}
