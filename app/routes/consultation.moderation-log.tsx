import { data, Form, Link } from 'react-router';
import type { Route } from './+types/consultation.moderation-log';
import { ModerationError } from '../components/ModerationError';
import { ReasonLink, reasonLabelKey } from '../components/ModerationReason';
import { services } from '../context';
import { formatDate, localeFromRequest, useLocale, useT } from '../i18n';
import type { MessageKey } from '../i18n/sv';
import { handleModerationForm, requirePageAccount } from '../lib/moderation.server';
import { AppError } from '../../server/http/errors';
import { validate } from '../../server/http/json';
import { LogQuerySchema, moderationLog, type LogEntry } from '../../server/moderation/log';
import { REASON_CODES } from '../../server/moderation/reasons';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: loaderData ? `Modereringslogg: ${loaderData.consultation.title} – Samråd` : 'Modereringslogg – Samråd' },
];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const account = await requirePageAccount(services(context), request);
  try {
    const query = validate(LogQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return await moderationLog(services(context).db, account, params.slug, query);
  } catch (error) {
    if (error instanceof AppError) throw data(null, { status: error.status });
    throw error;
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const account = await requirePageAccount(services(context), request);
  const result = await handleModerationForm(services(context), account, await request.formData(), localeFromRequest(request));
  return data(result, { status: result.status });
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <ModerationError error={error} />;
}

export default function ModerationLog({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { consultation, entries } = loaderData;
  // Only the newest entry of a comment offers to restore it.
  const newest = new Set<number>();
  const seen = new Set<number>();
  for (const entry of entries) {
    if (!seen.has(entry.comment.id)) newest.add(entry.id);
    seen.add(entry.comment.id);
  }
  const last = entries.at(-1);
  return (
    <div className="page moderation-log">
      <h1>{t('modlog.title', { title: consultation.title })}</h1>
      <p className="lead">{t('modlog.intro')}</p>
      <p>
        <Link to="/moderation">{t('modlog.toQueue')}</Link> · <Link to={`/consultations/${consultation.slug}`}>{consultation.title}</Link>
      </p>
      {actionData && (
        <p className={actionData.ok ? 'callout' : 'error-summary'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      )}
      {entries.length === 0 ? (
        <p>{t('modlog.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="log-table">
            <thead>
              <tr>
                <th scope="col">{t('modlog.when')}</th>
                <th scope="col">{t('modlog.what')}</th>
                <th scope="col">{t('modlog.reason')}</th>
                <th scope="col">{t('modlog.comment')}</th>
                <th scope="col">{t('modlog.by')}</th>
                <th scope="col">{t('modlog.note')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <LogRow key={entry.id} entry={entry} canRestore={newest.has(entry.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {last && entries.length >= 100 && (
        <p>
          <Link to={`?before=${last.id}`}>{t('modlog.older')}</Link>
        </p>
      )}
    </div>
  );
}

function LogRow({ entry, canRestore }: { entry: LogEntry; canRestore: boolean }) {
  const t = useT();
  const locale = useLocale();
  const restorable = canRestore && (entry.comment.state === 'hidden' || entry.comment.state === 'rejected');
  const reasonId = `restore-reason-${entry.id}`;
  return (
    <tr id={`entry-${entry.id}`}>
      <td>
        <time dateTime={entry.createdAt}>
          {formatDate(entry.createdAt, locale)}{' '}
          {new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(entry.createdAt))}
        </time>
      </td>
      <td>
        {t(`moderation.logged.${entry.action}` as MessageKey)}
        {entry.user && ` (${entry.user.displayName})`}
      </td>
      <td>
        <ReasonLink reason={entry.reason} />
      </td>
      <td>
        <p className="card__meta">
          {entry.comment.authorName} · {t('modlog.stateNow', { state: t(`moderation.state.${entry.comment.state}` as MessageKey) })}
        </p>
        <p className="comment-body log-table__excerpt">{entry.comment.body}</p>
        {restorable && (
          <Form method="post" className="log-table__restore" aria-label={t('modlog.restoreHint')}>
            <input type="hidden" name="commentId" value={entry.comment.id} />
            <label htmlFor={reasonId}>{t('queue.item.reason')}</label>{' '}
            <select id={reasonId} name="reason" defaultValue="other">
              {REASON_CODES.map((reason) => (
                <option key={reason} value={reason}>
                  {t(reasonLabelKey(reason))}
                </option>
              ))}
            </select>{' '}
            <button type="submit" className="button button--secondary" name="intent" value="restore">
              {t('moderation.action.restore')}
            </button>
          </Form>
        )}
      </td>
      <td>{entry.moderator?.displayName ?? t('modlog.system')}</td>
      <td>{entry.note}</td>
    </tr>
  );
}
