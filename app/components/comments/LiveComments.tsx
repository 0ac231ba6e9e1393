import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import { useRevalidator } from 'react-router';
import type { PublicComment, PublicThread } from '../../../server/comments/view';
import type { CommentSort } from '../../../server/comments/schemas';
import type { CommentEvent } from '../../realtime/events';
import { useConsultationLive } from '../../realtime/live';
import { useT } from '../../i18n';

// Live comments on the consultation page. The server-rendered threads stay
// the base; what arrives over the socket is laid over them: newer versions of
// comments (support counts, edits, withdrawals, moderation) replace them in
// place, and new comments are either put where they belong, when the reader
// is looking there, or counted on a "3 new comments" button in their topic.

interface LiveState {
  /** The newest version of each comment that an event brought. */
  latest: Map<number, CommentEvent>;
  /** Comments that arrived live and are on the page. */
  shown: Set<number>;
  /** Comments that arrived live for a place out of view, per topic, until the reader reveals them. */
  waiting: Map<number, number[]>;
}

type Action = { type: 'event'; event: CommentEvent; placement: 'update' | 'show' | 'wait' } | { type: 'reveal'; topicId: number };

const isWaiting = (state: LiveState, id: number) => [...state.waiting.values()].some((ids) => ids.includes(id));

function reducer(state: LiveState, action: Action): LiveState {
  switch (action.type) {
    case 'event': {
      const { comment } = action.event;
      const latest = new Map(state.latest).set(comment.id, action.event);
      if (state.shown.has(comment.id) || isWaiting(state, comment.id)) return { ...state, latest };
      if (action.placement === 'show') return { ...state, latest, shown: new Set(state.shown).add(comment.id) };
      if (action.placement === 'wait') {
        const waiting = new Map(state.waiting).set(comment.topicId, [...(state.waiting.get(comment.topicId) ?? []), comment.id]);
        return { ...state, latest, waiting };
      }
      return { ...state, latest };
    }
    case 'reveal': {
      const shown = new Set(state.shown);
      for (const id of state.waiting.get(action.topicId) ?? []) shown.add(id);
      const waiting = new Map(state.waiting);
      waiting.delete(action.topicId);
      return { ...state, shown, waiting };
    }
  }
}

interface LiveContextValue {
  state: LiveState;
  presence: number | null;
  /** The last event the server-rendered data reflects: anything older is in it already. */
  since: number;
  sort: CommentSort;
  reveal(topicId: number): void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

const elementOf = (commentId: number) => (typeof document === 'undefined' ? null : document.getElementById(`comment-${commentId}`));

function inView(element: Element | null, edge: 'any' | 'top' | 'bottom' = 'any') {
  if (!element) return false;
  const { top, bottom } = element.getBoundingClientRect();
  const height = window.innerHeight;
  if (edge === 'top') return top >= 0 && top <= height;
  if (edge === 'bottom') return bottom >= 0 && bottom <= height;
  return bottom > 0 && top < height;
}

/**
 * The comment the reader is most likely reading (the first one that starts
 * on screen) and where it is, to keep it there while content changes above it.
 */
function readingPosition() {
  let partly: { element: Element; top: number } | undefined;
  for (const element of document.querySelectorAll('.comment')) {
    const { top, bottom } = element.getBoundingClientRect();
    if (top >= 0) return top < window.innerHeight ? { element, top } : partly;
    if (bottom > 0) partly ??= { element, top };
  }
  return partly;
}

/**
 * Follows the consultation's comments live for everything inside it, and
 * renders the one polite live region that announces new comments.
 */
export function LiveComments({
  slug,
  since,
  sort,
  topics,
  children,
}: {
  slug: string;
  since: number;
  sort: CommentSort;
  topics: Array<{ id: number; title: string }>;
  children: React.ReactNode;
}) {
  const t = useT();
  const revalidator = useRevalidator();
  const [state, dispatch] = useReducer(reducer, { latest: new Map(), shown: new Set<number>(), waiting: new Map() });
  const anchor = useRef<ReturnType<typeof readingPosition>>(undefined);
  const focusAfterReveal = useRef<number | undefined>(undefined);
  const [announcement, announce] = useAnnouncer();
  const known = useRef(state);
  known.current = state;

  const receive = (event: CommentEvent) => {
    const { comment } = event;
    const current = known.current;
    const onPage = elementOf(comment.id) !== null || current.shown.has(comment.id);
    let placement: 'update' | 'show' | 'wait' = 'update';
    // A comment new to this page; an approved pre-moderated comment comes as an update but is new to readers too.
    if (!onPage && !isWaiting(current, comment.id) && comment.body !== null) {
      const parent = comment.parentId === null ? null : elementOf(comment.parentId);
      const list = document.querySelector(`.comment-list[data-topic-id="${comment.topicId}"]`);
      if (comment.parentId !== null && !parent && !isWaiting(current, comment.parentId)) placement = 'update';
      else if (comment.parentId !== null) placement = parent && inView(parent.closest('.comment-thread')) ? 'show' : 'wait';
      else placement = inView(list, sort === 'new' ? 'top' : 'bottom') ? 'show' : 'wait';
    }
    if (placement !== 'wait') anchor.current = readingPosition();
    dispatch({ type: 'event', event, placement });
    if (placement !== 'update') announce(topics.find((candidate) => candidate.id === comment.topicId)?.title ?? '');
  };

  const live = useConsultationLive(slug, since, {
    'comment:created': (event) => receive(event as unknown as CommentEvent),
    'comment:updated': (event) => receive(event as unknown as CommentEvent),
    onResync: () => revalidator.revalidate(),
  });
  // Keeps what the reader is reading where it was when comments appear above it.
  useLayoutEffect(() => {
    const position = anchor.current;
    anchor.current = undefined;
    if (position?.element.isConnected) {
      const moved = position.element.getBoundingClientRect().top - position.top;
      if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
    }
    const focus = focusAfterReveal.current;
    focusAfterReveal.current = undefined;
    if (focus !== undefined) {
      const element = elementOf(focus);
      element?.setAttribute('tabindex', '-1');
      element?.focus();
    }
  }, [state]);

  const reveal = useCallback(
    (topicId: number) => {
      // Focus goes to the revealed comment that comes first on the page.
      const ids = known.current.waiting.get(topicId) ?? [];
      focusAfterReveal.current = sort === 'new' ? ids.at(-1) : ids[0];
      dispatch({ type: 'reveal', topicId });
    },
    [sort],
  );

  const value = useMemo(() => ({ state, presence: live.presence, since, sort, reveal }), [state, live.presence, since, sort, reveal]);
  return (
    <LiveContext.Provider value={value}>
      {children}
      <p className="visually-hidden" aria-live="polite">
        {announcement &&
          (announcement.count === 1
            ? t('live.announce.one', announcement)
            : t(announcement.topic ? 'live.announce.manyInTopic' : 'live.announce.many', announcement))}
      </p>
    </LiveContext.Provider>
  );
}

const ANNOUNCE_AFTER_MS = 1000;

/** Collects new comments for a moment and announces them in one sentence. */
function useAnnouncer() {
  const [announcement, setAnnouncement] = useReducer(
    (_: { count: number; topic: string } | null, next: { count: number; topic: string } | null) => next,
    null,
  );
  const pending = useRef<{ count: number; topics: Set<string>; timer?: ReturnType<typeof setTimeout> }>({ count: 0, topics: new Set() });
  useEffect(() => () => clearTimeout(pending.current.timer), []);
  const announce = (topic: string) => {
    const batch = pending.current;
    batch.count += 1;
    batch.topics.add(topic);
    batch.timer ??= setTimeout(() => {
      const topics = [...batch.topics];
      setAnnouncement({ count: batch.count, topic: topics.length === 1 ? topics[0]! : '' });
      pending.current = { count: 0, topics: new Set() };
    }, ANNOUNCE_AFTER_MS);
  };
  return [announcement, announce] as const;
}

/** The newest version of a comment: the server-rendered one, or a newer one that arrived live. */
function current(comment: PublicComment, context: LiveContextValue): PublicComment {
  const event = context.state.latest.get(comment.id);
  if (!event || event.eventId <= context.since) return comment;
  const update = event.comment;
  const own = comment.heldBy !== undefined;
  const editable = update.state === 'published' || update.state === 'pending';
  return {
    ...update,
    // Events carry what everyone may see; the viewer's own view of the comment adds to it.
    ...(own && update.body === null && update.state !== 'withdrawn' ? { body: comment.body, author: comment.author } : {}),
    ...(own ? { heldBy: comment.heldBy } : {}),
    ...(comment.editableUntil && editable ? { editableUntil: comment.editableUntil } : {}),
    ...(comment.supportedByViewer !== undefined ? { supportedByViewer: comment.supportedByViewer } : {}),
  };
}

/**
 * A topic's threads with the live changes laid over them, and the comments
 * that wait for the reader to reveal them.
 */
export function useLiveTopic(topicId: number, threads: PublicThread[]) {
  const context = useContext(LiveContext);
  return useMemo(() => {
    if (!context) return { threads, waiting: 0, reveal: () => {} };
    const rendered = new Set<number>();
    const collect = (thread: PublicThread) => {
      rendered.add(thread.comment.id);
      thread.replies.forEach(collect);
    };
    threads.forEach(collect);

    const arrived = [...context.state.shown]
      .map((id) => context.state.latest.get(id)!.comment)
      .filter((comment) => comment.topicId === topicId && !rendered.has(comment.id))
      .sort((a, b) => a.id - b.id);
    const repliesTo = new Map<number | null, PublicThread[]>();
    for (const comment of arrived) repliesTo.set(comment.parentId, [...(repliesTo.get(comment.parentId) ?? []), { comment, replies: [] }]);
    const withLive = (thread: PublicThread): PublicThread => ({
      comment: current(thread.comment, context),
      replies: [...thread.replies, ...(repliesTo.get(thread.comment.id) ?? [])].map(withLive),
    });
    const added = (repliesTo.get(null) ?? []).map(withLive);
    const existing = threads.map(withLive);
    return {
      threads: context.sort === 'new' ? [...added.reverse(), ...existing] : [...existing, ...added],
      waiting: (context.state.waiting.get(topicId) ?? []).filter((id) => !rendered.has(id)).length,
      reveal: () => context.reveal(topicId),
    };
  }, [context, topicId, threads]);
}

/** The button that shows a topic's comments that arrived out of view. */
export function NewCommentsBar({ count, onReveal }: { count: number; onReveal: () => void }) {
  const t = useT();
  if (count === 0) return null;
  return (
    <p className="new-comments">
      <button type="button" className="button button--secondary new-comments__button" onClick={onReveal}>
        {t(count === 1 ? 'live.newComments.one' : 'live.newComments.many', { count })}
      </button>
    </p>
  );
}

/** "12 läser just nu", once the live connection knows. */
export function Presence() {
  const t = useT();
  const context = useContext(LiveContext);
  const count = context?.presence;
  if (!count) return null;
  return <p className="presence">{t('live.presence', { count })}</p>;
}
