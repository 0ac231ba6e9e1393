import { redirect } from 'react-router';
import type { Route } from './+types/language';
import { LOCALE_COOKIE } from '../i18n';
import { safeRedirect } from '../lib/forms.server';

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const locale = formData.get('lang') === 'en' ? 'en' : 'sv';
  return redirect(safeRedirect(formData.get('redirectTo')), {
    headers: { 'Set-Cookie': `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export function loader() {
  return redirect('/');
}
