import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { data, Form, Link, useRevalidator } from 'react-router';
import type { Route } from './+types/moderation';
import { ModerationError } from '../components/ModerationError';
import { ReasonLink, reasonLabelKey } from '../components/ModerationReason';
import { services } from '../context';
import { formatDate, localeFromRequest, useLocale, useT, type Locale } from '../i18n';
import type { MessageKey } from '../i18n/sv';
import { handleModerationForm, requirePageAccount } from '../lib/moderation.server';
import { moderatedOrganizationIds } from '../../server/moderation/access';
import { listQueue, moderatedConsultations, type QueueItem } from '../../server/moderation/queue';
import { REASON_CODES, type CommentAction, type ModerationReason } from '../../server/moderation/reasons';

export const meta: Route.MetaFunction = () => [{ title: 'Modereringskö – Samråd' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const account = await requirePageAccount(services(context), request);
  const organizationIds = moderatedOrganizationIds(account);
  if (organizationIds.length === 0) throw data(null, { status: 403 });
  const db = services(context).db;
  const [items, consultations] = await Promise.all([listQueue(db, organizationIds, { limit: 100 }), moderatedConsultations(db, organizationIds)]);
  return { me: account.id, items, consultations };
}

export async function action({ request, context }: Route.ActionArgs) {
  const account = await requirePageAccount(services(context), request);
  const result = await handleModerationForm(services(context), account, await request.formData(), localeFromRequest(request));
  return data(result, { status: result.status });
}

// Single letters, active only while focus is inside the queue and not in a
// field, so they never take keys from a screen reader's browse mode or from typing.
const SHORTCUTS: Record<string, CommentAction | 'next' | 'previous'> = { g: 'approve', d: 'hide', a: 'reject', n: 'next', p: 'previous' };

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <ModerationError error={error} />;
}

export default function ModerationQueue({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { items, live, announcement } = useLiveQueue(loaderData.items);
  const listRef = useRef<HTMLOListElement>(null);
  const focusAfterSubmit = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (focusAfterSubmit.current === undefined) return;
    const articles = itemElements(listRef.current);
    (articles[Math.min(focusAfterSubmit.current, articles.length - 1)] ?? document.getElementById('queue-heading'))?.focus();
    focusAfterSubmit.current = undefined;
  }, [items]);

  function onKeyDown(event: KeyboardEvent<HTMLOListElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    const shortcut = SHORTCUTS[event.key.toLowerCase()];
    const article = target.closest<HTMLElement>('.queue-item');
    if (!shortcut || !article) return;
    event.preventDefault();
    const articles = itemElements(listRef.current);
    const index = articles.indexOf(article);
    if (shortcut === 'next' || shortcut === 'previous') {
      articles[index + (shortcut === 'next' ? 1 : -1)]?.focus();
      return;
    }
    const button = article.querySelector<HTMLButtonElement>(`button[name="intent"][value="${shortcut}"]`);
    if (!button) return;
    focusAfterSubmit.current = index;
    button.form?.requestSubmit(button);
  }

  return (
    <div className="page moderation">
      <h1 id="queue-heading" tabIndex={-1}>
        {t('queue.title')}
      </h1>
      <p className="lead">{t('queue.intro')}</p>
      <section className="shortcut-help" aria-labelledby="shortcuts-heading">
        <h2 id="shortcuts-heading">{t('queue.shortcuts.title')}</h2>
        <p>{t('queue.shortcuts.text')}</p>
        <ul>
          <li>{t('queue.shortcuts.approve')}</li>
          <li>{t('queue.shortcuts.hide')}</li>
          <li>{t('queue.shortcuts.reject')}</li>
          <li>{t('queue.shortcuts.next')}</li>
        </ul>
      </section>

      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {actionData && (
        <p className={actionData.ok ? 'callout' : 'error-summary'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      )}
      {!live && <p className="callout queue__offline">{t('queue.live.offline')}</p>}

      <h2 id="queue-list-heading">{t('queue.count', { count: items.length })}</h2>
      {items.length === 0 ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <ol ref={listRef} className="queue" aria-labelledby="queue-list-heading" onKeyDown={onKeyDown}>
          {items.map((item) => (
            <li key={item.commentId}>
              <QueueEntry item={item} me={loaderData.me} />
            </li>
          ))}
        </ol>
      )}

      {loaderData.consultations.length > 0 && (
        <section aria-labelledby="logs-heading">
          <h2 id="logs-heading">{t('queue.item.log')}</h2>
          <ul>
            {loaderData.consultations.map((c) => (
              <li key={c.id}>
                <Link to={`/consultations/${c.slug}/moderation-log`}>{c.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <Link to="/moderering/policy">{t('moderation.policyLink')}</Link>
      </p>
    </div>
  );
}

const itemElements = (list: HTMLOListElement | null) => [...(list?.querySelectorAll<HTMLElement>('.queue-item') ?? [])];

/**
 * The queue as loaded, kept current by `moderation:queue` events: an item
 * another moderator handled disappears at once; anything added or changed
 * reloads the queue. A reconnect reloads too, to catch up on what was missed.
 */
function useLiveQueue(loaded: QueueItem[]) {
  const t = useT();
  const revalidator = useRevalidator();
  const [removed, setRemoved] = useState<ReadonlySet<number>>(new Set());
  const [live, setLive] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const known = useRef(new Set<number>());
  known.current = new Set(loaded.map((item) => item.commentId));
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const translate = useRef(t);
  translate.current = t;

  useEffect(() => {
    let socket: import('socket.io-client').Socket | undefined;
    let closed = false;
    let connectedBefore = false;
    void import('socket.io-client').then(({ io }) => {
      if (closed) return;
      socket = io({ transports: ['websocket'] });
      socket.on('connect', () => {
        setLive(true);
        if (connectedBefore) void revalidate.current();
        connectedBefore = true;
      });
      socket.on('disconnect', () => setLive(false));
      socket.on('moderation:queue', (event: { change?: string; item?: { commentId?: number } }) => {
        const id = event.item?.commentId;
        if (typeof id !== 'number') return;
        if (event.change === 'removed') {
          if (known.current.has(id)) setAnnouncement(translate.current('queue.live.removed'));
          setRemoved((previous) => new Set(previous).add(id));
          return;
        }
        if (!known.current.has(id)) setAnnouncement(translate.current('queue.live.added'));
        setRemoved((previous) => {
          const next = new Set(previous);
          next.delete(id);
          return next;
        });
        void revalidate.current();
      });
    });
    return () => {
      closed = true;
      socket?.disconnect();
    };
  }, []);

  return { items: loaded.filter((item) => !removed.has(item.commentId)), live, announcement };
}

function QueueEntry({ item, me }: { item: QueueItem; me: number }) {
  const t = useT();
  const locale = useLocale();
  const headingId = `queue-item-${item.commentId}`;
  const claimedByOther = item.claim !== null && item.claim.moderatorId !== me;
  const reasonId = `reason-${item.commentId}`;
  const noteId = `note-${item.commentId}`;
  return (
    <article className="queue-item card" tabIndex={0} aria-labelledby={headingId} data-comment-id={item.commentId}>
      <h3 id={headingId} className="queue-item__title">
        {t('queue.item.label', { name: item.author.displayName, consultation: item.consultation.title })}
      </h3>
      <ul className="queue-item__badges" aria-label={t('queue.item.why')}>
        {item.reasons.map((reason) => (
          <li key={reason} className={`badge badge--${reason}`}>
            {t(`moderation.queueReason.${reason}` as MessageKey)}
          </li>
        ))}
        <li className="badge">{t(`moderation.state.${item.comment.state}` as MessageKey)}</li>
      </ul>
      <p className="card__meta">
        {t('queue.item.topic', { topic: item.topic.title })} · {t('queue.item.written', { date: formatTime(item.comment.createdAt, locale) })}
      </p>
      {item.claim && (
        <p className={claimedByOther ? 'queue-item__claim queue-item__claim--other' : 'queue-item__claim'}>
          {claimedByOther
            ? t('queue.item.claimedBy', { name: item.claim.moderatorName, time: formatClock(item.claim.expiresAt, locale) })
            : t('queue.item.claimedByMe', { time: formatClock(item.claim.expiresAt, locale) })}
        </p>
      )}

      {item.thread.length > 0 && (
        <details className="queue-item__thread">
          <summary>{t('queue.item.thread')}</summary>
          <ol className="plain-list">
            {item.thread.map((ancestor) => (
              <li key={ancestor.id} className="queue-item__ancestor">
                <p className="card__meta">
                  {ancestor.authorName} · {t(`moderation.state.${ancestor.state}` as MessageKey)}
                </p>
                <p className="comment-body">{ancestor.body}</p>
              </li>
            ))}
          </ol>
        </details>
      )}

      <h4 className="visually-hidden">{t('queue.item.comment')}</h4>
      <p className="comment-body queue-item__body">
        <Highlighted body={item.comment.body} hits={item.filterHits} />
      </p>

      {item.filterHits.length > 0 && (
        <p>
          {t('queue.item.filterHits')}:{' '}
          {[...new Set(item.filterHits.map((hit) => hit.rule))].map((rule) => t(`moderation.rule.${rule}` as MessageKey)).join(', ')}
        </p>
      )}
      {item.flags.length > 0 && (
        <>
          <h4>{t('queue.item.flags', { count: item.flags.length })}</h4>
          <ul>
            {item.flags.map((flag, i) => (
              <li key={i}>
                <ReasonLink reason={flag.reason} />
                {flag.note ? `: ${flag.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="card__meta">
        {t('queue.item.author')}: {item.author.displayName} – {t('queue.item.history', { count: item.author.comments, removed: item.author.removed })}
        {item.author.blocked && <strong> · {t('queue.item.blocked')}</strong>}
      </p>

      <Form method="post" className="queue-item__form">
        <input type="hidden" name="commentId" value={item.commentId} />
        <input type="hidden" name="authorId" value={item.author.id} />
        <div className="field">
          <label htmlFor={reasonId}>{t('queue.item.reason')}</label>
          <select id={reasonId} name="reason" defaultValue={suggestedReason(item)}>
            {REASON_CODES.map((reason) => (
              <option key={reason} value={reason}>
                {t(reasonLabelKey(reason))}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={noteId}>{t('queue.item.note')}</label>
          <textarea id={noteId} name="note" rows={2} maxLength={1000} />
        </div>
        <div className="queue-item__actions" role="group" aria-label={t('queue.item.decide')}>
          <button type="submit" className="button" name="intent" value="approve" aria-keyshortcuts="G" disabled={claimedByOther}>
            {t('moderation.action.approve')}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="hide" aria-keyshortcuts="D" disabled={claimedByOther}>
            {t('moderation.action.hide')}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="reject" aria-keyshortcuts="A" disabled={claimedByOther || item.comment.state === 'published'}>
            {t('moderation.action.reject')}
          </button>
          {item.claim?.moderatorId === me ? (
            <button type="submit" className="link-button" name="intent" value="release">
              {t('queue.item.release')}
            </button>
          ) : (
            <button type="submit" className="link-button" name="intent" value="claim" disabled={claimedByOther}>
              {t('queue.item.claim')}
            </button>
          )}
        </div>
        <p className="queue-item__block">
          {item.author.blocked ? (
            <button type="submit" className="link-button" name="intent" value="unblock">
              {t('queue.item.unblock')}
            </button>
          ) : (
            <>
              <button type="submit" className="link-button" name="intent" value="block" disabled={claimedByOther} aria-describedby={`block-hint-${item.commentId}`}>
                {t('queue.item.block')}
              </button>{' '}
              <span id={`block-hint-${item.commentId}`} className="field__hint">
                {t('queue.item.blockHint')}
              </span>
            </>
          )}
        </p>
      </Form>
      <p className="card__meta">
        <Link to={`/consultations/${item.consultation.slug}/moderation-log`}>{t('queue.item.log')}</Link>
      </p>
    </article>
  );
}

/** The body with the filters' hits marked, named for screen readers too. */
function Highlighted({ body, hits }: { body: string; hits: QueueItem['filterHits'] }) {
  const t = useT();
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const hit of sorted) {
    if (hit.start < at) continue;
    if (hit.start > at) parts.push(body.slice(at, hit.start));
    parts.push(
      <mark key={hit.start} className={`filter-hit filter-hit--${hit.rule}`}>
        {body.slice(hit.start, hit.end)}
        <span className="visually-hidden"> ({t(`moderation.rule.${hit.rule}` as MessageKey)})</span>
      </mark>,
    );
    at = hit.end;
  }
  parts.push(body.slice(at));
  return <>{parts}</>;
}

/** A first guess at the reason, from what put the comment in the queue. */
function suggestedReason(item: QueueItem): ModerationReason {
  const flagged = item.flags.map((flag) => flag.reason);
  if (flagged.length > 0) {
    const counts = new Map<ModerationReason, number>();
    for (const reason of flagged) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  }
  if (item.comment.heldBy.some((rule) => rule === 'personnummer' || rule === 'phone' || rule === 'email')) return 'personal_data';
  if (item.comment.heldBy.includes('links')) return 'spam';
  return 'other';
}

function formatTime(value: string, locale: Locale) {
  return `${formatDate(value, locale)} ${formatClock(value, locale)}`;
}

function formatClock(value: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(value));
}
