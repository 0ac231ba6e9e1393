import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from './events';

type LiveEventName = 'comment:created' | 'comment:updated' | 'poll:updated';
const LIVE_EVENTS: readonly LiveEventName[] = ['comment:created', 'comment:updated', 'poll:updated'];

export type LiveHandlers = { [Name in LiveEventName]?: (event: LiveEvent) => void } & {
  /** The page was too long without a connection to be replayed: load its data again. */
  onResync?: () => void;
};

export interface LiveState {
  /** Readers of the consultation right now, on every node; null until known. */
  presence: number | null;
  connected: boolean;
}

interface Subscriber {
  handlers: { current: LiveHandlers };
  setState: (state: LiveState) => void;
}

/**
 * One socket per consultation page, shared by every component that follows
 * it (comments, polls), so that a reader is counted once. It remembers the
 * last event id and joins again with `since` after any reconnect, so the
 * server replays what was missed; events arrive in id order, and any it has
 * already seen are dropped.
 */
class ConsultationFeed {
  readonly subscribers = new Set<Subscriber>();
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  state: LiveState = { presence: null, connected: false };
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly slug: string,
    public lastEventId: number | undefined,
  ) {
    this.socket = io({ transports: ['websocket'], autoConnect: false });
    this.socket.on('connect', () => this.#join());
    this.socket.on('disconnect', (reason) => {
      this.#update({ connected: false });
      // The server closed the connection (a restart, a logout): socket.io does not retry that by itself.
      if (reason === 'io server disconnect') this.#retry = setTimeout(() => this.socket.connect(), 1000 + Math.random() * 2000);
    });
    this.socket.on('presence', ({ slug, count }) => {
      if (slug === this.slug) this.#update({ presence: count });
    });
    for (const name of LIVE_EVENTS) {
      this.socket.on(name, (event) => {
        if (this.lastEventId !== undefined && event.eventId <= this.lastEventId) return;
        this.lastEventId = event.eventId;
        for (const subscriber of this.subscribers) subscriber.handlers.current[name]?.(event);
      });
    }
  }

  #join() {
    const since = this.lastEventId;
    this.socket.emit('consultation:join', since === undefined ? { slug: this.slug } : { slug: this.slug, since }, (ack) => {
      if (!ack.ok) return;
      this.lastEventId = Math.max(this.lastEventId ?? 0, ack.lastEventId);
      this.#update({ presence: ack.presence, connected: true });
      if (ack.resync) for (const subscriber of this.subscribers) subscriber.handlers.current.onResync?.();
    });
  }

  #update(change: Partial<LiveState>) {
    this.state = { ...this.state, ...change };
    for (const subscriber of this.subscribers) subscriber.setState(this.state);
  }

  close() {
    clearTimeout(this.#retry);
    this.socket.disconnect();
  }
}

const feeds = new Map<string, ConsultationFeed>();

/**
 * Follows a consultation live. `since` is the last event id the page's data
 * reflects (from its loader): the first join replays what happened between
 * rendering and connecting. Handlers may change between renders.
 */
export function useConsultationLive(slug: string, since: number | undefined, handlers: LiveHandlers): LiveState {
  const latest = useRef(handlers);
  latest.current = handlers;
  const [state, setState] = useState<LiveState>({ presence: null, connected: false });

  useEffect(() => {
    let feed = feeds.get(slug);
    if (!feed) {
      feed = new ConsultationFeed(slug, since);
      feeds.set(slug, feed);
      // Components that mount together subscribe before the socket connects, so the first join uses the earliest `since`.
      const created = feed;
      queueMicrotask(() => {
        if (feeds.get(slug) === created) created.socket.connect();
      });
    } else if (since !== undefined && !feed.socket.connected && (feed.lastEventId === undefined || since < feed.lastEventId)) {
      feed.lastEventId = since;
    }
    const subscriber: Subscriber = { handlers: latest, setState };
    feed.subscribers.add(subscriber);
    setState(feed.state);
    return () => {
      feed!.subscribers.delete(subscriber);
      if (feed!.subscribers.size === 0) {
        feed!.close();
        feeds.delete(slug);
      }
    };
    // `since` matters only for the first join; a revalidated loader must not reconnect.
  }, [slug]);

  return state;
}
