import type { Poll, PollResults } from '../../server/polls/queries';
import { useConsultationLive } from './live';

export interface PollUpdate {
  eventId: number;
  poll: Poll;
  /** Null when the poll's results are not shown to everyone yet. */
  results: PollResults | null;
}

interface Handlers {
  onUpdate: (update: PollUpdate) => void;
  /** The connection missed more than the server replays: load the polls again. */
  onResync?: () => void;
}

/**
 * Follows a consultation's `poll:updated` events on the page's shared live
 * connection (app/realtime/live.ts), which replays what a reconnect missed.
 * `since` is the last event id the page's poll data reflects.
 */
export function usePollUpdates(slug: string, since: number | undefined, handlers: Handlers) {
  useConsultationLive(slug, since, {
    'poll:updated': (event) => handlers.onUpdate(event as unknown as PollUpdate),
    onResync: () => handlers.onResync?.(),
  });
}

/** The poll as the signed-in viewer may see it, for results that the live event leaves out. */
export async function fetchPollView(pollId: number) {
  const response = await fetch(`/api/v1/polls/${pollId}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  return (await response.json()) as { poll: Poll; results?: PollResults };
}
