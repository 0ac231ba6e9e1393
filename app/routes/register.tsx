import { data, Form, Link, redirect } from 'react-router';
import type { Route } from './+types/register';
import { ErrorSummary, FormField } from '../components/FormField';
import { services } from '../context';
import { useT } from '../i18n';
import { failure, parseForm, safeRedirect } from '../lib/forms.server';
import { RegisterSchema } from '../../server/auth/accounts';
import { signUp } from '../../server/auth/flows';
import { AppError } from '../../server/http/errors';

export const meta: Route.MetaFunction = () => [{ title: 'Skapa konto – Samråd' }];

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await request.formData();
  const { result, values } = parseForm(formData, RegisterSchema);
  const kept = { email: values.email, displayName: values.displayName, homeMunicipality: values.homeMunicipality };
  if (!result.success) return data(failure(result.error, kept), { status: 400 });
  try {
    const { setCookie } = await signUp(services(context), result.data);
    return redirect(safeRedirect(formData.get('redirectTo')), { headers: { 'Set-Cookie': setCookie } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return data(failure(error, kept), { status: error.status, headers: error.headers });
  }
}

export default function Register({ actionData }: Route.ComponentProps) {
  const t = useT();
  const values = actionData?.values ?? {};
  const fields = actionData?.fields ?? {};
  return (
    <div className="page narrow">
      <h1>{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      {actionData && <ErrorSummary title={t('form.errorSummary')} message={actionData.message} fields={fields} />}
      <Form method="post" className="form" noValidate>
        <FormField name="displayName" label={t('register.displayName')} autoComplete="name" required defaultValue={values.displayName} error={fields.displayName} />
        <FormField name="email" type="email" label={t('register.email')} autoComplete="email" required defaultValue={values.email} error={fields.email} />
        <FormField name="password" type="password" label={t('register.password')} hint={t('register.passwordHint')} autoComplete="new-password" required error={fields.password} />
        <FormField name="homeMunicipality" label={t('register.home')} autoComplete="address-level2" defaultValue={values.homeMunicipality} error={fields.homeMunicipality} />
        <button type="submit" className="button">
          {t('register.submit')}
        </button>
      </Form>
      <p>
        {t('register.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </div>
  );
}
