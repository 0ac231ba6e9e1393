import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Poll, PollResults } from '../../server/polls/queries';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from './events';

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
 * Follows a consultation's `poll:updated` events over Socket.IO. After a
 * reconnect it joins again with the last event id seen, so the server
 * replays what was missed.
 */
export function usePollUpdates(slug: string, handlers: Handlers) {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] });
    let lastEventId: number | undefined;
    socket.on('connect', () => {
      socket.emit('consultation:join', { slug, since: lastEventId }, (ack) => {
        if (!ack.ok) return;
        if (ack.resync) latest.current.onResync?.();
        lastEventId = Math.max(lastEventId ?? 0, ack.lastEventId);
      });
    });
    socket.on('poll:updated', (event: LiveEvent) => {
      if (lastEventId !== undefined && event.eventId <= lastEventId) return;
      lastEventId = event.eventId;
      latest.current.onUpdate(event as unknown as PollUpdate);
    });
    return () => {
      socket.disconnect();
    };
  }, [slug]);
}

/** The poll as the signed-in viewer may see it, for results that the live event leaves out. */
export async function fetchPollView(pollId: number) {
  const response = await fetch(`/api/v1/polls/${pollId}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  return (await response.json()) as { poll: Poll; results?: PollResults };
}
