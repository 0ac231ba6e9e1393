import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../../app/realtime/events.js';
import type { Db } from '../../db/index.js';
import { SESSION_COOKIE, readCookie, sessionUserId } from '../auth/sessions.js';
import { isSameOrigin } from '../http/origin.js';
import { eventsSince, lastEventId, setEventPublisher, type StoredEvent } from './outbox.js';
import { moderatedOrganizationsOf } from '../moderation/access.js';
import { deliveries, moderatorsRoom } from './routing.js';

export interface SocketData {
  userId?: number;
}

/** What nodes tell each other through Redis. */
export interface InterServerEvents {
  /** Events committed on the sending node. */
  'samrad:events': (events: StoredEvent[]) => void;
  /** How many of the receiving node's sockets are in a room. */
  'samrad:presence': (room: string, ack: (count: number) => void) => void;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeOptions {
  db: Db;
  sessionSecret: string;
  publicUrl?: string;
  /** With a Redis client, rooms are shared by every node through the Redis adapter. */
  redis?: Redis;
  /** Keeps this installation's rooms apart from others on the same Redis. */
  redisPrefix?: string;
}

export interface Realtime {
  io: IoServer;
  kind: 'redis' | 'memory';
  close(): Promise<void>;
}

const roomOf = (consultationId: number) => `consultation:${consultationId}`;
const JoinSchema = z.object({ slug: z.string().min(1).max(200), since: z.number().int().min(0).optional() });
const LeaveSchema = z.object({ slug: z.string().min(1).max(200) });

/** A client further behind than this reloads instead of being replayed. */
const MAX_REPLAY = 1000;
const CATCH_UP_BATCH = 500;
const PRESENCE_DELAY_MS = 250;
const PRESENCE_TIMEOUT_MS = 1000;

/**
 * One consultation's live events on this node. Work on a feed runs one task
 * at a time, so a joining socket's replay and the room's live deliveries
 * never interleave. While the room has sockets here, it delivers events in id
 * order without gaps: a published event that follows the cursor goes out as
 * it is; one that does not (another node's publish came late, or not at all
 * while Redis was away) makes the feed read what follows the cursor from
 * `events` instead.
 */
interface Feed {
  consultationId: number;
  slug: string;
  /** Every event up to this id has been delivered here; undefined while the room is empty. */
  cursor: number | undefined;
  queue: Promise<unknown>;
}

export async function createRealtime(httpServer: HttpServer, options: RealtimeOptions): Promise<Realtime> {
  const { db } = options;
  const io: IoServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // A WebSocket upgrade is not subject to CORS: refuse foreign origins here.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers, options.publicUrl)),
  });
  const redis = options.redis ? await connectAdapter(io, options.redis, options.redisPrefix ?? 'samrad') : undefined;

  const feeds = new Map<number, Feed>();
  const presenceTimers = new Map<number, NodeJS.Timeout>();
  const localCount = (room: string) => io.of('/').adapter.rooms.get(room)?.size ?? 0;

  function run<T>(feed: Feed, task: () => Promise<T>): Promise<T> {
    const done = feed.queue.then(task);
    feed.queue = done.catch((error) => console.error('[realtime] feed:', error));
    return done;
  }

  function deliverHere(events: StoredEvent[]) {
    for (const event of events) {
      for (const delivery of deliveries(event)) io.local.to(delivery.room).emit(delivery.name, delivery.payload);
    }
  }

  async function catchUp(feed: Feed, from: number) {
    feed.cursor = from;
    for (;;) {
      const missed = await eventsSince(db, feed.consultationId, feed.cursor, { limit: CATCH_UP_BATCH });
      for (const event of missed) {
        deliverHere([event]);
        feed.cursor = event.id;
      }
      if (missed.length < CATCH_UP_BATCH) return;
    }
  }

  /** Committed events, from this node or another. */
  function receive(events: StoredEvent[]) {
    for (const consultationId of new Set(events.map((event) => event.consultationId))) {
      const group = events.filter((event) => event.consultationId === consultationId);
      const feed = feeds.get(consultationId);
      if (!feed) {
        deliverHere(group);
        continue;
      }
      void run(feed, async () => {
        if (feed.cursor === undefined || localCount(roomOf(consultationId)) === 0) {
          feed.cursor = undefined;
          deliverHere(group);
          return;
        }
        for (const event of group) {
          if (event.id <= feed.cursor) continue;
          if (event.previousId !== feed.cursor) return catchUp(feed, feed.cursor);
          deliverHere([event]);
          feed.cursor = event.id;
        }
      });
    }
  }

  const publish = (events: StoredEvent[]) => {
    receive(events);
    if (redis) io.serverSideEmit('samrad:events', events);
  };
  setEventPublisher(db, publish);
  io.on('samrad:events', receive);
  io.on('samrad:presence', (room, ack) => ack(localCount(room)));
  // After Redis comes back, fill in what other nodes published meanwhile.
  redis?.subscriber.on('ready', () => {
    for (const feed of feeds.values()) {
      void run(feed, async () => {
        if (feed.cursor !== undefined && localCount(roomOf(feed.consultationId)) > 0) await catchUp(feed, feed.cursor);
      });
    }
  });

  io.use(async (socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    if (token) {
      try {
        socket.data.userId = await sessionUserId(db, token, options.sessionSecret);
      } catch (error) {
        return next(error as Error);
      }
    }
    if (socket.data.userId) {
      socket.join(`user:${socket.data.userId}`);
      try {
        for (const organizationId of await moderatedOrganizationsOf(db, socket.data.userId)) socket.join(moderatorsRoom(organizationId));
      } catch (error) {
        return next(error as Error);
      }
    }
    next();
  });

  io.on('connection', (socket) => {
    socket.on('consultation:join', async (request, ack) => {
      // A client that sends only a callback still gets its answer.
      const respond = typeof ack === 'function' ? ack : typeof request === 'function' ? (request as typeof ack) : () => {};
      try {
        respond(await join(socket, request));
      } catch (error) {
        console.error('[realtime] join failed:', error);
        respond({ ok: false, error: { code: 'internal', message: 'Kunde inte ansluta till samrådet.' } });
      }
    });
    socket.on('consultation:leave', async (request) => {
      const parsed = LeaveSchema.safeParse(request);
      if (!parsed.success) return;
      try {
        const feed = await feedFor(parsed.data.slug);
        if (!feed) return;
        await run(feed, async () => socket.leave(roomOf(feed.consultationId)));
        schedulePresence(feed);
      } catch (error) {
        console.error('[realtime] leave failed:', error);
      }
    });
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        if (!room.startsWith('consultation:')) continue;
        const feed = feeds.get(Number(room.slice('consultation:'.length)));
        if (feed) schedulePresence(feed);
      }
    });
  });

  async function feedFor(slug: string) {
    const consultation = await db
      .selectFrom('consultations')
      .select(['id', 'slug'])
      .where('slug', '=', slug)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    if (!consultation) return undefined;
    let feed = feeds.get(consultation.id);
    if (!feed) {
      feed = { consultationId: consultation.id, slug: consultation.slug, cursor: undefined, queue: Promise.resolve() };
      feeds.set(consultation.id, feed);
    }
    return feed;
  }

  async function join(socket: IoSocket, request: unknown): Promise<JoinAck> {
    const parsed = JoinSchema.safeParse(request);
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'Ange samrådets slug.' } };
    const feed = await feedFor(parsed.data.slug);
    if (!feed) return { ok: false, error: { code: 'not_found', message: 'Samrådet finns inte.' } };
    const { since } = parsed.data;
    const room = roomOf(feed.consultationId);
    const joined = await run(feed, async () => {
      if (feed.cursor === undefined || localCount(room) === 0) feed.cursor = await lastEventId(db, feed.consultationId);
      // A client that has seen newer events than this node first brings the room up to date, so that it gets none twice.
      else if (since !== undefined && since > feed.cursor) await catchUp(feed, feed.cursor);
      const cursor = feed.cursor;
      const missed =
        since !== undefined && since < cursor ? await eventsSince(db, feed.consultationId, since, { limit: MAX_REPLAY + 1, upTo: cursor }) : [];
      if (socket.disconnected) return undefined;
      await socket.join(room);
      if (missed.length > MAX_REPLAY) return { lastEventId: cursor, resync: true as const };
      for (const event of missed) {
        for (const delivery of deliveries(event)) if (delivery.room === room) socket.emit(delivery.name, delivery.payload);
      }
      return { lastEventId: cursor };
    });
    if (!joined) return { ok: false, error: { code: 'disconnected', message: 'Anslutningen bröts.' } };
    schedulePresence(feed);
    return { ok: true, presence: await presenceCount(room), ...joined };
  }

  /** Sockets in the room on every node; only this node's while Redis is away. */
  async function presenceCount(room: string) {
    const here = localCount(room);
    if (!redis || redis.publisher.status !== 'ready') return here;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number[]>((resolve) => {
      timer = setTimeout(() => resolve([]), PRESENCE_TIMEOUT_MS);
    });
    try {
      const elsewhere = await Promise.race([io.serverSideEmitWithAck('samrad:presence', room), timeout]);
      return elsewhere.reduce((sum, count) => sum + count, here);
    } catch {
      return here;
    } finally {
      clearTimeout(timer);
    }
  }

  // Joins and leaves come in bursts (a meeting starts, a node restarts): one announcement per burst.
  function schedulePresence(feed: Feed) {
    if (presenceTimers.has(feed.consultationId)) return;
    const timer = setTimeout(async () => {
      presenceTimers.delete(feed.consultationId);
      const room = roomOf(feed.consultationId);
      io.to(room).emit('presence', { slug: feed.slug, count: await presenceCount(room) });
    }, PRESENCE_DELAY_MS);
    presenceTimers.set(feed.consultationId, timer);
  }

  return {
    io,
    kind: redis ? 'redis' : 'memory',
    async close() {
      setEventPublisher(db, undefined);
      for (const timer of presenceTimers.values()) clearTimeout(timer);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (redis) await Promise.all([redis.publisher.quit(), redis.subscriber.quit()].map((quit) => quit.catch(() => {})));
    },
  };
}

/**
 * The Redis adapter on connections of its own. The publisher does not queue
 * while Redis is away (nodes catch up from `events` instead), and its
 * publishes never reject: the adapter leaves their promises unhandled, which
 * would end the process.
 */
async function connectAdapter(io: IoServer, redis: Redis, prefix: string) {
  const publisher = redis.duplicate({ lazyConnect: true, enableOfflineQueue: false });
  const subscriber = redis.duplicate({ lazyConnect: true, maxRetriesPerRequest: null });
  for (const [name, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    let down = false;
    client.on('error', (error) => {
      if (!down) console.error(`[realtime] redis ${name}: ${error.message}; live events reach only this node's sockets until it is back`);
      down = true;
    });
    client.on('ready', () => {
      if (down) console.error(`[realtime] redis ${name}: connected again`);
      down = false;
    });
  }
  const publish = publisher.publish.bind(publisher) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  Object.assign(publisher, { publish: (channel: string | Buffer, message: string | Buffer) => publish(channel, message).catch(() => 0) });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  io.adapter(createAdapter(publisher, subscriber, { key: `${prefix}:socket.io` }));
  return { publisher, subscriber };
}

export { roomOf };
