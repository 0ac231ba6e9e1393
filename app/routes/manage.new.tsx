import { data, Form, Link, redirect } from 'react-router';
import type { Route } from './+types/manage.new';
import { ErrorSummary } from '../components/FormField';
import { Choices, TextArea, TextField } from '../components/manage/Fields';
import { ConsultationFields } from '../components/manage/ConsultationFields';
import { Preview } from '../components/manage/Preview';
import { services } from '../context';
import { localeFromRequest, translator, useT } from '../i18n';
import { failure } from '../lib/forms.server';
import { detailsFromForm, formValues, requireSignedIn, topicsFromForm } from '../lib/manage.server';
import { renderMarkdown } from '../lib/markdown.server';
import { officialOrganizationIds } from '../../server/consultations/access';
import { CreateConsultationSchema, createConsultation, organizationChoices } from '../../server/consultations/manage';
import { AppError } from '../../server/http/errors';
import { validate } from '../../server/http/json';

export const meta: Route.MetaFunction = () => [{ title: 'Nytt samråd – Samråd' }];

const NEW_TOPIC_ROWS = 3;

export async function loader({ request, context }: Route.LoaderArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  const officialOf = officialOrganizationIds(account);
  if (officialOf.length === 0) throw data({ message: translator(localeFromRequest(request))('manage.officialsOnly') }, { status: 403 });
  const organizations = await organizationChoices(s.db);
  return { organizations, leadChoices: organizations.filter((o) => officialOf.includes(o.id)) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  const form = await request.formData();
  const values = formValues(form);
  const t = translator(localeFromRequest(request));
  if (form.get('intent') === 'preview') {
    const text = (name: string) => renderMarkdown(String(form.get(name) ?? ''));
    return {
      ok: true as const,
      values,
      preview: [
        { heading: t('consultation.background'), html: text('bodyMd') },
        { heading: t('consultation.influence'), html: text('influenceMd') },
        { heading: t('consultation.decided'), html: text('decidedMd') },
      ],
    };
  }
  try {
    const input = validate(CreateConsultationSchema, {
      ...stripUndefined(detailsFromForm(form)),
      leadOrganization: form.get('leadOrganization') || undefined,
      partnerOrganizations: form.getAll('partnerOrganizations').map(String),
      topics: topicsFromForm(form),
    });
    const consultation = await createConsultation(s.db, account, input);
    return redirect(`/consultations/${consultation.slug}/manage?saved=created`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return data(failure(error, values), { status: error.status });
  }
}

function stripUndefined<T extends object>(object: T) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

export default function NewConsultation({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const values = actionData?.values ?? {};
  const errors = actionData && !actionData.ok ? actionData.fields : {};
  const list = (name: string) => {
    const v = values[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const topicTitles = list('topicTitle');
  const topicPrompts = list('topicPrompt');
  return (
    <div className="page manage">
      <p>
        <Link to="/manage">{t('manage.backToList')}</Link>
      </p>
      <h1>{t('manage.new.title')}</h1>
      <p className="lead">{t('manage.new.intro')}</p>
      {actionData && !actionData.ok && <ErrorSummary title={t('form.errorSummary')} message={actionData.message} fields={errors} />}
      {actionData?.ok && <Preview sections={actionData.preview} />}
      <Form method="post" className="form" noValidate>
        <ConsultationFields values={values} errors={errors} slugEditable />
        {loaderData.leadChoices.length > 1 ? (
          <Choices
            name="leadOrganization"
            label={t('manage.field.lead')}
            hint={t('manage.field.leadHint')}
            selected={list('leadOrganization').length ? list('leadOrganization') : [loaderData.leadChoices[0]!.slug]}
            error={errors.leadOrganization}
            options={loaderData.leadChoices.map((o) => ({ value: o.slug, label: o.name }))}
          />
        ) : (
          <p>
            {t('manage.field.leadIs', { name: loaderData.leadChoices[0]!.name })}
            <input type="hidden" name="leadOrganization" value={loaderData.leadChoices[0]!.slug} />
          </p>
        )}
        <Choices
          multiple
          name="partnerOrganizations"
          label={t('manage.field.partners')}
          hint={t('manage.field.partnersHint')}
          selected={list('partnerOrganizations')}
          error={errors.partnerOrganizations}
          options={loaderData.organizations.map((o) => ({ value: o.slug, label: o.name }))}
        />
        <fieldset className="topic-rows">
          <legend>{t('manage.topics.title')}</legend>
          <p className="field__hint">{t('manage.topics.newHint')}</p>
          {Array.from({ length: NEW_TOPIC_ROWS }, (_, i) => (
            <div className="topic-row" key={i}>
              <input type="hidden" name="topicId" value="" />
              <TextField name="topicTitle" label={t('manage.topics.question', { n: i + 1 })} defaultValue={topicTitles[i]} error={errors[`topics.${i}.title`]} />
              <TextArea name="topicPrompt" rows={2} label={t('manage.topics.prompt', { n: i + 1 })} defaultValue={topicPrompts[i]} />
            </div>
          ))}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button" name="intent" value="create">
            {t('manage.new.submit')}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="preview">
            {t('manage.preview.button')}
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorBoundary } from '../components/manage/ErrorBoundary';
