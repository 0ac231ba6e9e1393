import { useEffect, useMemo, useRef, useState } from 'react';
import type { PollView } from '../../../server/polls/queries';
import { fetchPollView, usePollUpdates, type PollUpdate } from '../../realtime/usePollUpdates';

const REFETCH_DELAY_MS = 300;

/**
 * Polls as loaded, kept current by `poll:updated`. Results the live event
 * leaves out (after-vote polls, staff views) are fetched for this viewer, at
 * most once per poll every REFETCH_DELAY_MS. With `addOpened`, a poll that
 * opens while the page is shown is added at the top.
 */
export function useLivePolls(slug: string, since: number, initial: PollView[], { addOpened = false } = {}): PollView[] {
  const [views, setViews] = useState(initial);
  const current = useRef(views);
  current.current = views;
  const pending = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  useEffect(() => setViews(initial), [initial]);
  useEffect(() => {
    const timers = pending.current;
    return () => timers.forEach((timer) => clearTimeout(timer));
  }, []);

  const refetch = (pollId: number) => {
    if (pending.current.has(pollId)) return;
    pending.current.set(
      pollId,
      setTimeout(async () => {
        pending.current.delete(pollId);
        const fresh = await fetchPollView(pollId).catch(() => undefined);
        if (!fresh) return;
        setViews((list) => list.map((v) => (v.poll.id === pollId ? { ...v, poll: fresh.poll, results: fresh.results } : v)));
      }, REFETCH_DELAY_MS),
    );
  };

  const apply = ({ poll, results }: PollUpdate) => {
    const known = current.current.find((v) => v.poll.id === poll.id);
    if (!known) {
      if (addOpened && poll.status === 'open') setViews((list) => [{ poll, ...(results ? { results } : {}) }, ...list]);
      return;
    }
    if (!results && known.results) refetch(poll.id);
    setViews((list) => list.map((v) => (v.poll.id === poll.id ? { ...v, poll, results: results ?? v.results } : v)));
  };

  usePollUpdates(slug, since, {
    onUpdate: apply,
    onResync: () => current.current.forEach((v) => refetch(v.poll.id)),
  });
  return views;
}

/** One poll kept current (the poll page and the presenter view). */
export function useLivePoll(slug: string, since: number, view: PollView): PollView {
  const initial = useMemo(() => [view], [view]);
  return useLivePolls(slug, since, initial)[0] ?? view;
}
