import { useEffect, useState } from 'react';
import { data, Form, Link, redirect, useFetcher, useLocation } from 'react-router';
import type { Route } from './+types/consultation.coding';
import { ErrorSummary } from '../components/FormField';
import { TextField } from '../components/manage/Fields';
import { services } from '../context';
import { formatDate, localeFromRequest, translator, useLocale, useT } from '../i18n';
import { failure } from '../lib/forms.server';
import { formValues, pageError, requireSignedIn } from '../lib/manage.server';
import { getManagedConsultation } from '../../server/consultations/manage';
import { AppError, badRequest } from '../../server/http/errors';
import { validate } from '../../server/http/json';
import {
  CodingFilterSchema,
  codingList,
  CommentThemesSchema,
  createTheme,
  deleteTheme,
  FormIdSchema,
  setCommentThemes,
  ThemeSchema,
  type CodingComment,
  type Theme,
} from '../../server/themes/themes';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: loaderData ? `Koda synpunkter: ${loaderData.consultation.title} – Samråd` : 'Koda synpunkter – Samråd' },
];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  const consultation = await getManagedConsultation(s.db, account, params.slug).catch(pageError);
  const search = new URL(request.url).searchParams;
  const raw = Object.fromEntries([...search.entries()].filter(([, v]) => v !== ''));
  let filterError: string | undefined;
  let filter;
  try {
    filter = validate(CodingFilterSchema, raw);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    filterError = error.message;
    filter = validate(CodingFilterSchema, {});
  }
  const list = await codingList(s.db, account, params.slug, filter);
  return {
    consultation: { slug: consultation.slug, title: consultation.title, topics: consultation.topics },
    filter,
    filterError,
    ...list,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const t = translator(localeFromRequest(request));
  const back = () => {
    const url = new URL(request.url);
    return redirect(`${url.pathname}${url.search}#themes`);
  };
  try {
    switch (intent) {
      case 'tag': {
        const commentId = validate(FormIdSchema, form.get('commentId'));
        const { themeIds } = validate(CommentThemesSchema, { themeIds: form.getAll('themeId').map(Number) });
        const comment = await setCommentThemes(s.db, account, commentId, themeIds);
        return { intent, ok: true as const, comment };
      }
      case 'create-theme':
        await createTheme(s.db, account, params.slug, validate(ThemeSchema, { name: form.get('name'), description: form.get('description') ?? '' }));
        return back();
      case 'delete-theme':
        await deleteTheme(s.db, account, validate(FormIdSchema, form.get('themeId')));
        return back();
      default:
        throw badRequest(t('manage.unknownAction'));
    }
  } catch (error) {
    if (error instanceof AppError && (error.status === 403 || error.status === 404) && intent !== 'tag') pageError(error);
    if (!(error instanceof AppError)) throw error;
    return data({ intent, ...failure(error, formValues(form)) }, { status: error.status });
  }
}

export default function Coding({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const { consultation, themes, comments, filter } = loaderData;
  const themeFailure = actionData && !actionData.ok && actionData.intent !== 'tag' ? actionData : undefined;
  const tagResult = actionData?.intent === 'tag' ? actionData : undefined;
  const nextPage = new URLSearchParams(location.search);
  nextPage.set('page', String(filter.page + 1));
  const previousPage = new URLSearchParams(location.search);
  previousPage.set('page', String(filter.page - 1));
  const shortcuts = useCodingShortcuts();

  return (
    <div className="page manage coding">
      <p>
        <Link to={`/consultations/${consultation.slug}/manage`}>{t('coding.back')}</Link>
      </p>
      <h1>{t('coding.title', { title: consultation.title })}</h1>
      <p className="lead">{t('coding.intro')}</p>
      <div role="status">
        {tagResult && <p className="callout">{tagResult.ok ? t('coding.comment.savedFor', { id: tagResult.comment.commentId }) : tagResult.message}</p>}
      </div>

      <section aria-labelledby="shortcuts-heading" className="callout">
        <h2 id="shortcuts-heading">{t('coding.shortcuts.title')}</h2>
        <ul>
          <li>{t('coding.shortcuts.digits')}</li>
          <li>{t('coding.shortcuts.move')}</li>
          <li>{t('coding.shortcuts.noJs')}</li>
        </ul>
      </section>

      <section id="themes" aria-labelledby="themes-heading">
        <h2 id="themes-heading">{t('coding.themes.title')}</h2>
        {themes.length === 0 ? (
          <p>{t('coding.themes.none')}</p>
        ) : (
          <ol className="theme-list">
            {themes.map((theme) => (
              <li key={theme.id}>
                <strong>{theme.name}</strong> – {t('coding.themes.count', { count: theme.commentCount })}
                {theme.description && <span className="field__hint"> {theme.description}</span>}
                <Form method="post" className="inline-form" preventScrollReset>
                  <input type="hidden" name="intent" value="delete-theme" />
                  <input type="hidden" name="themeId" value={theme.id} />
                  <button type="submit" className="link-button">
                    {t('coding.themes.delete', { name: theme.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        )}
        {themeFailure && <ErrorSummary title={t('form.errorSummary')} message={themeFailure.message} fields={themeFailure.fields} />}
        <Form method="post" className="form form--compact" noValidate preventScrollReset>
          <input type="hidden" name="intent" value="create-theme" />
          <TextField name="name" label={t('coding.themes.name')} error={themeFailure?.fields.name} />
          <TextField name="description" label={t('coding.themes.description')} error={themeFailure?.fields.description} />
          <div className="button-row">
            <button type="submit" className="button">
              {t('coding.themes.add')}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="comments-heading">
        <h2 id="comments-heading">{t('coding.comments.title')}</h2>
        <Form method="get" className="filters" role="search" aria-label={t('coding.filter.label')}>
          {loaderData.filterError && (
            <p className="field__error" role="alert">
              {loaderData.filterError}
            </p>
          )}
          <div className="field">
            <label htmlFor="filter-topic">{t('coding.filter.topic')}</label>
            <select id="filter-topic" name="topic" defaultValue={filter.topic ?? ''}>
              <option value="">{t('coding.filter.all')}</option>
              {consultation.topics.map((topic) => (
                <option key={topic.id} value={topic.id}>
                  {topic.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-theme">{t('coding.filter.theme')}</label>
            <select id="filter-theme" name="theme" defaultValue={filter.theme ?? ''}>
              <option value="">{t('coding.filter.all')}</option>
              {themes.map((theme) => (
                <option key={theme.id} value={theme.id}>
                  {theme.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-support">{t('coding.filter.minSupport')}</label>
            <input id="filter-support" name="minSupport" type="number" min={0} defaultValue={filter.minSupport ?? ''} />
          </div>
          <div className="choice">
            <input id="filter-untagged" type="checkbox" name="untagged" value="true" defaultChecked={filter.untagged ?? false} />
            <label htmlFor="filter-untagged">{t('coding.filter.untagged')}</label>
          </div>
          <button type="submit" className="button button--secondary">
            {t('coding.filter.submit')}
          </button>
        </Form>

        {comments.length === 0 ? (
          <p>{t('coding.comments.none')}</p>
        ) : (
          <ol className="coding-list" data-shortcuts={shortcuts ? 'on' : 'off'}>
            {comments.map((comment) => (
              <li key={comment.id}>
                <CodingItem comment={comment} themes={themes} shortcuts={shortcuts} />
              </li>
            ))}
          </ol>
        )}
        <nav aria-label={t('coding.pages')} className="pager">
          {filter.page > 1 && <Link to={`?${previousPage}`}>{t('coding.previous')}</Link>}
          {loaderData.hasMore && <Link to={`?${nextPage}`}>{t('coding.next')}</Link>}
        </nav>
      </section>
    </div>
  );
}

function CodingItem({ comment, themes, shortcuts }: { comment: CodingComment; themes: Theme[]; shortcuts: boolean }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const headingId = `coding-${comment.id}`;
  return (
    <article className="coding-item card" id={`comment-${comment.id}`} tabIndex={-1} aria-labelledby={headingId}>
      <h3 id={headingId} className="coding-item__meta">
        {t('coding.comment.heading', { id: comment.id, topic: comment.topicTitle })}
      </h3>
      <p className="card__meta">
        {formatDate(comment.createdAt, locale)} · {t('coding.comment.support', { count: comment.supportCount })}
        {comment.parentId && ` · ${t('coding.comment.reply')}`}
      </p>
      <p className="comment-body">{comment.body}</p>
      <fetcher.Form method="post" action={`${location.pathname}${location.search}`} preventScrollReset>
        <input type="hidden" name="intent" value="tag" />
        <input type="hidden" name="commentId" value={comment.id} />
        {themes.length > 0 && (
          <fieldset className="coding-item__themes">
            <legend>{t('coding.comment.themes')}</legend>
            {themes.map((theme, i) => (
              <div className="choice" key={theme.id}>
                <input
                  type="checkbox"
                  id={`tag-${comment.id}-${theme.id}`}
                  name="themeId"
                  value={theme.id}
                  defaultChecked={comment.themeIds.includes(theme.id)}
                />
                <label htmlFor={`tag-${comment.id}-${theme.id}`}>
                  {shortcuts && i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>} {theme.name}
                </label>
              </div>
            ))}
            <button type="submit" className="button button--secondary">
              {t('coding.comment.save')}
            </button>
          </fieldset>
        )}
        <span role="status" className="coding-item__status">
          {result && (result.ok ? t('coding.comment.saved') : result.message)}
        </span>
      </fetcher.Form>
    </article>
  );
}

/**
 * Number keys 1–9 toggle that theme on the comment in focus and save; j and
 * k move to the next and previous comment. Keys typed into fields are left alone.
 * True once the keys work, so that their hints show only then.
 */
function useCodingShortcuts() {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement;
      if (target.closest('textarea, select, input:not([type=checkbox])')) return;
      const item = target.closest<HTMLElement>('.coding-item');
      if (!item) return;
      if (/^[1-9]$/.test(event.key)) {
        const box = item.querySelectorAll<HTMLInputElement>('input[name=themeId]')[Number(event.key) - 1];
        if (!box) return;
        event.preventDefault();
        box.checked = !box.checked;
        box.form?.requestSubmit();
      } else if (event.key === 'j' || event.key === 'k') {
        const items = [...document.querySelectorAll<HTMLElement>('.coding-item')];
        const next = items[items.indexOf(item) + (event.key === 'j' ? 1 : -1)];
        if (next) {
          event.preventDefault();
          next.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    setActive(true);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return active;
}

export { ErrorBoundary } from '../components/manage/ErrorBoundary';
