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
import { deliveries } from './routing.js';

export interface SocketData {
  userId?: number;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeOptions {
  db: Db;
  sessionSecret: string;
  publicUrl?: string;
  /** With a Redis client, rooms are shared by every node through the Redis adapter. */
  redis?: Redis;
}

export interface Realtime {
  io: IoServer;
  kind: 'redis' | 'memory';
  close(): Promise<void>;
}

const roomOf = (consultationId: number) => `consultation:${consultationId}`;
const JoinSchema = z.object({ slug: z.string().min(1).max(200), since: z.number().int().min(0).optional() });
const LeaveSchema = z.object({ slug: z.string().min(1).max(200) });

export function createRealtime(httpServer: HttpServer, options: RealtimeOptions): Realtime {
  const { db } = options;
  const io: IoServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // A WebSocket upgrade is not subject to CORS: refuse foreign origins here.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers, options.publicUrl)),
  });

  let subscriber: Redis | undefined;
  if (options.redis) {
    subscriber = options.redis.duplicate();
    subscriber.on('error', (error) => console.error('[realtime] redis subscriber:', error.message));
    io.adapter(createAdapter(options.redis, subscriber, { key: 'samrad:socket.io' }));
  }

  io.use(async (socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    if (token) {
      try {
        socket.data.userId = await sessionUserId(db, token, options.sessionSecret);
      } catch (error) {
        return next(error as Error);
      }
    }
    if (socket.data.userId) socket.join(`user:${socket.data.userId}`);
    next();
  });

  io.on('connection', (socket) => {
    socket.on('consultation:join', async (request, ack) => {
      const respond = typeof ack === 'function' ? ack : () => {};
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
      const consultation = await findConsultation(parsed.data.slug);
      if (!consultation) return;
      await socket.leave(roomOf(consultation.id));
      await announcePresence(consultation.id, parsed.data.slug);
    });
    socket.on('disconnecting', () => {
      const rooms = [...socket.rooms].filter((room) => room.startsWith('consultation:'));
      setImmediate(() => {
        for (const room of rooms) {
          const id = Number(room.slice('consultation:'.length));
          const slug = slugs.get(id);
          if (slug) announcePresence(id, slug).catch(() => {});
        }
      });
    });
  });

  const slugs = new Map<number, string>();
  async function findConsultation(slug: string) {
    const consultation = await db
      .selectFrom('consultations')
      .select(['id', 'slug', 'status'])
      .where('slug', '=', slug)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    if (consultation) slugs.set(consultation.id, consultation.slug);
    return consultation;
  }

  async function join(socket: IoSocket, request: unknown): Promise<JoinAck> {
    const parsed = JoinSchema.safeParse(request);
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'Ange samrådets slug.' } };
    const consultation = await findConsultation(parsed.data.slug);
    if (!consultation) return { ok: false, error: { code: 'not_found', message: 'Samrådet finns inte.' } };
    await socket.join(roomOf(consultation.id));
    let last = parsed.data.since ?? (await lastEventId(db, consultation.id));
    if (parsed.data.since !== undefined) {
      for (;;) {
        const missed = await eventsSince(db, consultation.id, last);
        for (const event of missed) {
          for (const delivery of deliveries(event)) {
            if (delivery.room === roomOf(consultation.id)) socket.emit(delivery.name, delivery.payload);
          }
          last = event.id;
        }
        if (missed.length < 1000) break;
      }
    }
    const presence = await announcePresence(consultation.id, consultation.slug);
    return { ok: true, presence, lastEventId: last };
  }

  async function announcePresence(consultationId: number, slug: string) {
    const sockets = await io.in(roomOf(consultationId)).fetchSockets();
    io.to(roomOf(consultationId)).emit('presence', { slug, count: sockets.length });
    return sockets.length;
  }

  const publish = (events: StoredEvent[]) => {
    for (const event of events) {
      for (const delivery of deliveries(event)) io.to(delivery.room).emit(delivery.name, delivery.payload);
    }
  };
  setEventPublisher(db, publish);

  return {
    io,
    kind: options.redis ? 'redis' : 'memory',
    async close() {
      setEventPublisher(db, undefined);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (subscriber) await subscriber.quit().catch(() => {});
    },
  };
}

export { roomOf };
