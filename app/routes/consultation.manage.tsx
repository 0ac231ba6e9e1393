import { data, Form, Link, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/consultation.manage';
import { ErrorSummary } from '../components/FormField';
import { KeyFigures } from '../components/KeyFigures';
import { Markdown } from '../components/Markdown';
import { ConsultationFields } from '../components/manage/ConsultationFields';
import { Choices, TextArea, TextField } from '../components/manage/Fields';
import { Preview } from '../components/manage/Preview';
import { services } from '../context';
import { formatDate, localeFromRequest, translator, useLocale, useT } from '../i18n';
import type { MessageKey } from '../i18n/sv';
import { failure } from '../lib/forms.server';
import { detailsFromForm, formValues, movedTopics, pageError, requireSignedIn, topicsFromForm, valuesOf } from '../lib/manage.server';
import { renderMarkdown } from '../lib/markdown.server';
import { officialOrganizationIds } from '../../server/consultations/access';
import {
  getManagedConsultation,
  organizationChoices,
  updateConsultation,
  UpdateConsultationSchema,
} from '../../server/consultations/manage';
import { AppError, badRequest } from '../../server/http/errors';
import { validate } from '../../server/http/json';
import { keyFiguresOf } from '../../server/keyfigures/queries';
import { stockholmInputToIso } from '../lib/stockholm-time';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: loaderData ? `Hantera: ${loaderData.consultation.title} – Samråd` : 'Hantera samråd – Samråd' },
];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  const consultation = await getManagedConsultation(s.db, account, params.slug).catch(pageError);
  const officialOf = officialOrganizationIds(account);
  const isLeadOfficial = consultation.organizations.some((o) => o.isLead && officialOf.includes(o.id));
  const lead = consultation.organizations.find((o) => o.isLead);
  return {
    consultation,
    values: valuesOf(consultation),
    isLeadOfficial,
    partnerChoices: isLeadOfficial ? (await organizationChoices(s.db)).filter((o) => o.id !== lead?.id) : [],
    keyFigures: await keyFiguresOf(s.db, consultation.id),
    feedbackHtml: consultation.feedbackMd ? renderMarkdown(consultation.feedbackMd) : null,
    saved: new URL(request.url).searchParams.get('saved'),
  };
}

const ANCHORS: Record<string, string> = {
  details: 'details',
  topics: 'topics',
  'move-topic': 'topics',
  organizations: 'organizations',
  status: 'status',
  schedule: 'status',
  'feedback-save': 'feedback',
  'feedback-publish': 'feedback',
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const values = formValues(form);
  const t = translator(localeFromRequest(request));
  const text = (name: string) => String(form.get(name) ?? '');
  try {
    const current = await getManagedConsultation(s.db, account, params.slug).catch(pageError);
    let changes: unknown;
    switch (intent) {
      case 'preview':
        return {
          intent,
          ok: true as const,
          values,
          preview: [
            { heading: t('consultation.background'), html: renderMarkdown(text('bodyMd')) },
            { heading: t('consultation.influence'), html: renderMarkdown(text('influenceMd')) },
            { heading: t('consultation.decided'), html: renderMarkdown(text('decidedMd')) },
          ],
        };
      case 'feedback-preview':
        return { intent, ok: true as const, values, preview: [{ heading: t('consultation.feedback'), html: renderMarkdown(text('feedbackMd')) }] };
      case 'details':
        changes = Object.fromEntries(Object.entries(detailsFromForm(form)).filter(([, v]) => v !== undefined));
        break;
      case 'topics':
        changes = { topics: topicsFromForm(form) };
        break;
      case 'move-topic':
        changes = { topics: movedTopics(current.topics, text('move')) };
        break;
      case 'organizations':
        changes = { partnerOrganizations: form.getAll('partnerOrganizations').map(String) };
        break;
      case 'status':
        changes = { status: text('status'), ...(form.has('closesAt') ? { closesAt: stockholmInputToIso(text('closesAt')) } : {}) };
        break;
      case 'schedule':
        changes = { openOnSchedule: text('openOnSchedule') === 'true' };
        break;
      case 'feedback-save':
      case 'feedback-publish':
        changes = { feedbackMd: text('feedbackMd'), publishFeedback: intent === 'feedback-publish' };
        break;
      default:
        throw badRequest(t('manage.unknownAction'));
    }
    const updated = await updateConsultation(s.db, account, params.slug, validate(UpdateConsultationSchema, changes));
    const saved = intent === 'feedback-publish' ? 'feedback-published' : intent === 'status' ? `status-${updated.status}` : intent;
    return redirect(`/consultations/${updated.slug}/manage?saved=${saved}#${ANCHORS[intent]}`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return data({ intent, ...failure(error, values) }, { status: error.status });
  }
}

type ActionData = Route.ComponentProps['actionData'];

function errorsFor(actionData: ActionData, ...intents: string[]) {
  return actionData && !actionData.ok && intents.includes(actionData.intent) ? actionData : undefined;
}

export default function ManageConsultation({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { consultation: c } = loaderData;
  const previewed = actionData?.ok ? actionData : undefined;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const detailsValues = previewed?.intent === 'preview' || failed?.intent === 'details' ? actionData!.values : loaderData.values;
  const detailsErrors = errorsFor(actionData, 'details');
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';

  return (
    <div className="page manage">
      <p>
        <Link to="/manage">{t('manage.backToList')}</Link>
      </p>
      <header className="manage__header">
        <p className={`status status--${c.status}`}>{t(`consultation.status.${c.status}`)}</p>
        <h1>{t('manage.title', { title: c.title })}</h1>
        <p>{c.organizations.map((o) => (o.isLead && c.organizations.length > 1 ? `${o.name} (${t('consultation.lead')})` : o.name)).join(', ')}</p>
        <ul className="manage__links">
          {c.status !== 'draft' && (
            <li>
              <Link to={`/consultations/${c.slug}`}>{t('manage.links.public')}</Link>
            </li>
          )}
          <li>
            <Link to={`/consultations/${c.slug}/manage/coding`}>{t('manage.links.coding')}</Link>
          </li>
          <li>
            <Link to={`/consultations/${c.slug}/manage/polls`}>{t('manage.links.polls')}</Link>
          </li>
          <li>
            <Link to={`/consultations/${c.slug}/summary`}>{t('manage.links.summary')}</Link>
          </li>
        </ul>
      </header>

      <div role="status" className="manage__saved">
        {loaderData.saved && <p className="callout">{t(`manage.saved.${loaderData.saved}` as MessageKey)}</p>}
      </div>

      <StatusSection consultation={c} failed={errorsFor(actionData, 'status', 'schedule')} busy={busy} />

      <section id="details" aria-labelledby="details-heading">
        <h2 id="details-heading">{t('manage.details.title')}</h2>
        {detailsErrors && <ErrorSummary title={t('form.errorSummary')} message={detailsErrors.message} fields={detailsErrors.fields} />}
        {previewed?.intent === 'preview' && <Preview sections={previewed.preview} />}
        {c.status === 'archived' ? (
          <p>{t('manage.archived')}</p>
        ) : (
          <Form method="post" className="form" noValidate preventScrollReset>
            <ConsultationFields values={detailsValues} errors={detailsErrors?.fields ?? {}} slugEditable={c.status === 'draft'} />
            <div className="button-row">
              <button type="submit" className="button" name="intent" value="details" disabled={busy}>
                {t('manage.details.save')}
              </button>
              <button type="submit" className="button button--secondary" name="intent" value="preview" disabled={busy}>
                {t('manage.preview.button')}
              </button>
            </div>
          </Form>
        )}
      </section>

      <TopicsSection consultation={c} failed={errorsFor(actionData, 'topics', 'move-topic')} busy={busy} />

      <section id="organizations" aria-labelledby="organizations-heading">
        <h2 id="organizations-heading">{t('manage.organizations.title')}</h2>
        <p>{t('manage.organizations.intro')}</p>
        {loaderData.isLeadOfficial && c.status !== 'archived' ? (
          <Form method="post" className="form" noValidate preventScrollReset>
            {errorsFor(actionData, 'organizations') && (
              <ErrorSummary title={t('form.errorSummary')} message={failed!.message} fields={failed!.fields} />
            )}
            <p>{t('manage.organizations.lead', { name: c.organizations.find((o) => o.isLead)?.name ?? '' })}</p>
            <Choices
              multiple
              name="partnerOrganizations"
              label={t('manage.field.partners')}
              hint={t('manage.field.partnersHint')}
              selected={c.organizations.filter((o) => !o.isLead).map((o) => o.slug)}
              options={loaderData.partnerChoices.map((o) => ({ value: o.slug, label: o.name }))}
            />
            <div className="button-row">
              <button type="submit" className="button" name="intent" value="organizations" disabled={busy}>
                {t('manage.organizations.save')}
              </button>
            </div>
          </Form>
        ) : (
          <>
            <ul>
              {c.organizations.map((o) => (
                <li key={o.id}>
                  {o.name}
                  {o.isLead && ` (${t('consultation.lead')})`}
                </li>
              ))}
            </ul>
            {c.status !== 'archived' && <p className="field__hint">{t('manage.organizations.leadOnly')}</p>}
          </>
        )}
      </section>

      <FeedbackSection
        consultation={c}
        failed={errorsFor(actionData, 'feedback-save', 'feedback-publish')}
        previewed={previewed?.intent === 'feedback-preview' ? previewed : undefined}
        feedbackHtml={loaderData.feedbackHtml}
        busy={busy}
      />

      <section id="key-figures-admin" aria-labelledby="key-figures-admin-heading">
        <h2 id="key-figures-admin-heading">{t('manage.keyFigures.title')}</h2>
        <p>{t('manage.keyFigures.intro')}</p>
        <pre className="command">
          <code>{`npm run cli -- kolada import --consultation ${c.slug} --file data.json --kpi-file kpi.json`}</code>
        </pre>
        {loaderData.keyFigures.length === 0 ? <p>{t('manage.keyFigures.none')}</p> : <KeyFigures figures={loaderData.keyFigures} headingLevel={3} />}
      </section>
    </div>
  );
}

type Managed = Route.ComponentProps['loaderData']['consultation'];
type Failure = NonNullable<ReturnType<typeof errorsFor>>;

function StatusSection({ consultation: c, failed, busy }: { consultation: Managed; failed?: Failure; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const buttonLabel = (to: string) =>
    to === 'open' ? (c.status === 'closed' ? t('manage.status.reopen') : t('manage.status.open')) : to === 'closed' ? t('manage.status.close') : t('manage.status.archive');
  return (
    <section id="status" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('manage.status.title')}</h2>
      {failed && <ErrorSummary title={t('form.errorSummary')} message={failed.message} fields={{}} />}
      <p>{t(`manage.status.explain.${c.status}`)}</p>
      {c.status === 'open' && c.closesAt && <p>{t('manage.status.closesAutomatically', { date: formatDate(c.closesAt, locale) })}</p>}
      {c.status === 'draft' && (
        <Form method="post" preventScrollReset className="inline-form">
          <input type="hidden" name="intent" value="schedule" />
          {c.openOnSchedule && c.opensAt ? (
            <>
              <p>{t('manage.status.scheduled', { date: formatDate(c.opensAt, locale) })}</p>
              <button type="submit" className="button button--secondary" name="openOnSchedule" value="false" disabled={busy}>
                {t('manage.status.unschedule')}
              </button>
            </>
          ) : c.opensAt ? (
            <button type="submit" className="button button--secondary" name="openOnSchedule" value="true" disabled={busy}>
              {t('manage.status.schedule', { date: formatDate(c.opensAt, locale) })}
            </button>
          ) : (
            <p className="field__hint">{t('manage.status.scheduleHint')}</p>
          )}
        </Form>
      )}
      {c.nextStatuses.map((to) => (
        <Form method="post" preventScrollReset className="inline-form" key={to}>
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="status" value={to} />
          {c.status === 'closed' && to === 'open' && (
            <TextField name="closesAt" type="datetime-local" label={t('manage.status.newClosesAt')} hint={t('manage.field.timeHint')} required />
          )}
          <button type="submit" className={to === 'archived' ? 'button button--secondary' : 'button'} disabled={busy}>
            {buttonLabel(to)}
          </button>
        </Form>
      ))}
    </section>
  );
}

function TopicsSection({ consultation: c, failed, busy }: { consultation: Managed; failed?: Failure; busy: boolean }) {
  const t = useT();
  const rows = [...c.topics, { id: 0, title: '', prompt: '', commentCount: 0 }];
  const editable = c.status !== 'archived';
  return (
    <section id="topics" aria-labelledby="topics-heading">
      <h2 id="topics-heading">{t('manage.topics.title')}</h2>
      <p>{t('manage.topics.intro')}</p>
      {failed && <ErrorSummary title={t('form.errorSummary')} message={failed.message} fields={failed.fields} />}
      {editable ? (
        <>
          <Form method="post" id="topic-move" preventScrollReset>
            <input type="hidden" name="intent" value="move-topic" />
          </Form>
          <Form method="post" className="form" noValidate preventScrollReset>
            <ol className="topic-rows">
              {rows.map((topic, i) => (
                <li key={topic.id || 'new'} className="topic-row">
                  <fieldset>
                    <legend>{topic.id ? t('manage.topics.question', { n: i + 1 }) : t('manage.topics.add')}</legend>
                    <input type="hidden" name="topicId" value={topic.id || ''} />
                    <TextField name="topicTitle" label={t('manage.topics.questionTitle')} defaultValue={topic.title} />
                    <TextArea name="topicPrompt" rows={2} label={t('manage.topics.promptLabel')} defaultValue={topic.prompt} />
                    {topic.id > 0 && (
                      <div className="topic-row__actions">
                        {topic.commentCount > 0 ? (
                          <p className="field__hint">{t('manage.topics.inUse', { count: topic.commentCount })}</p>
                        ) : (
                          <div className="choice">
                            <input type="checkbox" id={`remove-${topic.id}`} name="removeTopic" value={topic.id} />
                            <label htmlFor={`remove-${topic.id}`}>{t('manage.topics.remove', { title: topic.title })}</label>
                          </div>
                        )}
                        {i > 0 && (
                          <button type="submit" form="topic-move" name="move" value={`${topic.id}:up`} className="link-button" disabled={busy}>
                            {t('manage.topics.up', { title: topic.title })}
                          </button>
                        )}
                        {i < c.topics.length - 1 && (
                          <button type="submit" form="topic-move" name="move" value={`${topic.id}:down`} className="link-button" disabled={busy}>
                            {t('manage.topics.down', { title: topic.title })}
                          </button>
                        )}
                      </div>
                    )}
                  </fieldset>
                </li>
              ))}
            </ol>
            <div className="button-row">
              <button type="submit" className="button" name="intent" value="topics" disabled={busy}>
                {t('manage.topics.save')}
              </button>
            </div>
          </Form>
        </>
      ) : (
        <ol>
          {c.topics.map((topic) => (
            <li key={topic.id}>{topic.title}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FeedbackSection({
  consultation: c,
  failed,
  previewed,
  feedbackHtml,
  busy,
}: {
  consultation: Managed;
  feedbackHtml: string | null;
  failed?: Failure;
  previewed?: { values: Record<string, string | string[]>; preview: Array<{ heading: string; html: string }> };
  busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const kept = (failed ?? previewed)?.values.feedbackMd;
  const text = typeof kept === 'string' ? kept : (c.feedbackMd ?? '');
  return (
    <section id="feedback" aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">{t('manage.feedback.title')}</h2>
      <p>{t('manage.feedback.intro')}</p>
      <p>
        {c.feedbackPublishedAt
          ? t('manage.feedback.publishedAt', { date: formatDate(c.feedbackPublishedAt, locale) })
          : t('manage.feedback.notPublished')}
      </p>
      {failed && <ErrorSummary title={t('form.errorSummary')} message={failed.message} fields={failed.fields} />}
      {previewed && <Preview sections={previewed.preview} />}
      {c.status === 'archived' ? (
        feedbackHtml && <Markdown html={feedbackHtml} />
      ) : (
        <Form method="post" className="form" noValidate preventScrollReset>
          <TextArea
            name="feedbackMd"
            rows={8}
            label={t('manage.feedback.label')}
            hint={c.feedbackPublishedAt ? t('manage.feedback.publishedHint') : t('manage.field.markdownHint')}
            defaultValue={text}
            error={failed?.fields.feedbackMd}
          />
          {c.status === 'draft' && <p className="field__hint">{t('manage.feedback.draftHint')}</p>}
          <div className="button-row">
            {c.status !== 'draft' && (
              <button type="submit" className="button" name="intent" value="feedback-publish" disabled={busy}>
                {c.feedbackPublishedAt ? t('manage.feedback.republish') : t('manage.feedback.publish')}
              </button>
            )}
            {!c.feedbackPublishedAt && (
              <button type="submit" className="button button--secondary" name="intent" value="feedback-save" disabled={busy}>
                {t('manage.feedback.save')}
              </button>
            )}
            <button type="submit" className="button button--secondary" name="intent" value="feedback-preview" disabled={busy}>
              {t('manage.preview.button')}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

export { ErrorBoundary } from '../components/manage/ErrorBoundary';
