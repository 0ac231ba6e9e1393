import { data, Form, Link, redirect, useSearchParams } from 'react-router';
import type { Route } from './+types/login';
import { ErrorSummary, FormField } from '../components/FormField';
import { services } from '../context';
import { translator, localeFromRequest, useT } from '../i18n';
import { failure, parseForm, safeRedirect } from '../lib/forms.server';
import { LoginSchema } from '../../server/auth/accounts';
import { logIn } from '../../server/auth/flows';
import { AppError } from '../../server/http/errors';

export const meta: Route.MetaFunction = () => [{ title: 'Logga in – Samråd' }];

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await request.formData();
  const { result, values } = parseForm(formData, LoginSchema);
  const kept = { email: values.email };
  if (!result.success) return data(failure(result.error, kept), { status: 400 });
  try {
    const { setCookie } = await logIn(services(context), result.data);
    return redirect(safeRedirect(formData.get('redirectTo')), { headers: { 'Set-Cookie': setCookie } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message = error.code === 'invalid_credentials' ? translator(localeFromRequest(request))('login.failed') : error.message;
    return data({ ...failure(error, kept), message }, { status: error.status, headers: error.headers });
  }
}

export default function Login({ actionData }: Route.ComponentProps) {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <div className="page narrow">
      <h1>{t('login.title')}</h1>
      {actionData && <ErrorSummary title={t('form.errorSummary')} message={actionData.message} fields={actionData.fields} />}
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <FormField name="email" type="email" label={t('login.email')} autoComplete="email" required defaultValue={actionData?.values.email} error={actionData?.fields.email} />
        <FormField name="password" type="password" label={t('login.password')} autoComplete="current-password" required error={actionData?.fields.password} />
        <button type="submit" className="button">
          {t('login.submit')}
        </button>
      </Form>
      <p>
        {t('login.noAccount')} <Link to="/register">{t('nav.register')}</Link>
      </p>
    </div>
  );
}
