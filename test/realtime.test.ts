import net from 'node:net';
import { sql } from 'kysely';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, JoinAck, LiveEvent, ServerToClientEvents } from '../app/realtime/events.js';
import { appendEvent, writeTransaction } from '../server/realtime/outbox.js';
import { makeCitizen, makeConsultation, PASSWORD } from './factories.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Received = { name: string; payload: any };

let server: TestServer;
let citizenCookie: string;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  const citizen = await makeCitizen(server.database.db);
  const client = new Client(server.url);
  await client.post('/api/v1/auth/login', { email: citizen.email, password: PASSWORD });
  citizenCookie = client.cookie!;
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(() => server.close());

function connect(node = server, headers: Record<string, string> = {}): ClientSocket {
  const socket: ClientSocket = connectSocket(node.url, {
    transports: ['websocket'],
    extraHeaders: { origin: node.url, ...headers },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

/** Everything the socket is sent from now on, in arrival order. */
function record(socket: ClientSocket) {
  const received: Received[] = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }));
  return received;
}

const join = (socket: ClientSocket, slug: unknown, since?: number): Promise<JoinAck> =>
  socket.emitWithAck('consultation:join', (since === undefined ? { slug } : { slug, since }) as never);

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const comments = (received: Received[]) => received.filter((r) => r.name === 'comment:created').map((r) => r.payload as LiveEvent);
const bodies = (received: Received[]) => comments(received).map((event) => (event.comment as { body: string }).body);

type Consultation = Awaited<ReturnType<typeof makeConsultation>>;

/** Posts a comment over HTTP to a node, as a signed-in citizen; returns the id of its event. */
async function postComment(node: TestServer, consultation: Consultation, body: string) {
  const client = new Client(node.url);
  client.cookie = citizenCookie;
  const response = await client.post(`/api/v1/consultations/${consultation.slug}/comments`, { topicId: consultation.topics[0]!.id, body });
  expect(response.status).toBe(201);
  const { comment } = await json(response);
  const event = await server.database.db
    .selectFrom('events')
    .select('id')
    .where('consultation_id', '=', consultation.id)
    .where(sql`payload->'comment'->>'id'`, '=', String(comment.id))
    .executeTakeFirstOrThrow();
  return { comment, eventId: event.id };
}

describe('live comments in a consultation room', () => {
  it('sends a new comment to an anonymous reader with its event id', async () => {
    const consultation = await makeConsultation(server.database.db);
    const reader = connect();
    const received = record(reader);
    const ack = await join(reader, consultation.slug);
    expect(ack).toEqual({ ok: true, presence: 1, lastEventId: expect.any(Number) });

    const event = await postComment(server, consultation, 'Bevara BB i Sollefteå');
    await until(() => comments(received).length === 1, 'the comment');
    expect(comments(received)).toEqual([{ eventId: event.eventId, comment: expect.objectContaining({ id: event.comment.id, body: 'Bevara BB i Sollefteå', state: 'published' }) }]);
  });

  it("does not send a reader another consultation's comments", async () => {
    const watched = await makeConsultation(server.database.db);
    const other = await makeConsultation(server.database.db);
    const reader = connect();
    const received = record(reader);
    await join(reader, watched.slug);
    await postComment(server, other, 'Fel samråd');
    await postComment(server, watched, 'Rätt samråd');
    await until(() => comments(received).length === 1, 'the comment');
    expect(bodies(received)).toEqual(['Rätt samråd']);
  });

  it('replays exactly the five comments a reader missed while disconnected, in order and once each', async () => {
    const consultation = await makeConsultation(server.database.db);
    const first = connect();
    const before = record(first);
    await join(first, consultation.slug);
    await postComment(server, consultation, 'Före avbrottet');
    await until(() => comments(before).length === 1, 'the first comment');
    const lastSeen = comments(before)[0]!.eventId;
    first.disconnect();

    const missed = ['ett', 'två', 'tre', 'fyra', 'fem'];
    for (const body of missed) await postComment(server, consultation, body);

    const again = connect();
    const after = record(again);
    const ack = await join(again, consultation.slug, lastSeen);
    expect(bodies(after)).toEqual(missed);
    const ids = comments(after).map((event) => event.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ack).toMatchObject({ ok: true, lastEventId: ids[4] });

    await postComment(server, consultation, 'Efter återanslutningen');
    await until(() => comments(after).length === 6, 'the next comment');
    expect(bodies(after)).toEqual([...missed, 'Efter återanslutningen']);
  });

  it('gives a reader who rejoins while comments are being posted each of them once, in order', async () => {
    const consultation = await makeConsultation(server.database.db);
    const since = (await postComment(server, consultation, 'start')).eventId;
    const posting = (async () => {
      for (let i = 1; i <= 40; i += 1) await postComment(server, consultation, `svar ${i}`);
    })();
    const reader = connect();
    const received = record(reader);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await join(reader, consultation.slug, since);
    await posting;
    await until(() => bodies(received).includes('svar 40'), 'the last comment');
    expect(bodies(received)).toEqual(Array.from({ length: 40 }, (_, i) => `svar ${i + 1}`));
  });

  it('fills in an event whose publish was lost before delivering the next one', async () => {
    const consultation = await makeConsultation(server.database.db);
    const reader = connect();
    const received = record(reader);
    await join(reader, consultation.slug);
    // Written on another Kysely instance, which no live server publishes for: the event is committed but never announced.
    const unannounced = server.database.db.withoutPlugins();
    await writeTransaction(unannounced, (tx) => appendEvent(tx, consultation.id, 'comment:created', { comment: { id: 0, body: 'Tappad' } }));
    await postComment(server, consultation, 'Nästa');
    await until(() => comments(received).length === 2, 'both comments');
    expect(bodies(received)).toEqual(['Tappad', 'Nästa']);
  });

  it('joins without replay when the reader gives no `since`', async () => {
    const consultation = await makeConsultation(server.database.db);
    const earlier = await postComment(server, consultation, 'Redan på sidan');
    const reader = connect();
    const received = record(reader);
    const ack = await join(reader, consultation.slug);
    expect(ack).toMatchObject({ ok: true, lastEventId: earlier.eventId });
    await postComment(server, consultation, 'Ny');
    await until(() => comments(received).length === 1, 'the new comment');
    expect(bodies(received)).toEqual(['Ny']);
  });

  it('tells a reader too far behind to reload instead of replaying everything', async () => {
    const consultation = await makeConsultation(server.database.db);
    const since = (await postComment(server, consultation, 'start')).eventId;
    await writeTransaction(server.database.db, async (tx) => {
      for (let i = 0; i < 1001; i += 1) await appendEvent(tx, consultation.id, 'comment:updated', { comment: { id: i } });
    });
    const reader = connect();
    const received = record(reader);
    const ack = await join(reader, consultation.slug, since);
    expect(ack).toMatchObject({ ok: true, resync: true, lastEventId: since + 1001 });
    expect(received.filter((r) => r.name.startsWith('comment:'))).toEqual([]);
  });
});

describe('joining', () => {
  it('refuses a socket from a foreign origin', async () => {
    const socket = connect(server, { origin: 'https://evil.example' });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toMatch(/websocket error/i);
    expect(socket.connected).toBe(false);
  });

  it('refuses an unknown or draft consultation with not_found', async () => {
    const draft = await makeConsultation(server.database.db, { status: 'draft' });
    const socket = connect();
    for (const slug of ['finns-inte', draft.slug]) {
      expect(await join(socket, slug)).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('answers malformed join requests with invalid_input and keeps the connection', async () => {
    const consultation = await makeConsultation(server.database.db);
    const socket = connect();
    const malformed = [null, 'a-slug', 42, [], {}, { slug: 7 }, { slug: '' }, { slug: 'x'.repeat(201) }, { slug: consultation.slug, since: -1 }, { slug: consultation.slug, since: 'igår' }, { slug: consultation.slug, since: 1.5 }];
    for (const request of malformed) {
      expect(await socket.emitWithAck('consultation:join', request as never)).toEqual({
        ok: false,
        error: { code: 'invalid_input', message: expect.any(String) },
      });
    }
    (socket as Socket).emit('consultation:join', { slug: consultation.slug });
    socket.emit('consultation:leave', null as never);
    expect(await join(socket, consultation.slug)).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
  });
});

describe('presence', () => {
  it('counts the readers of a consultation as they come and go', async () => {
    const consultation = await makeConsultation(server.database.db);
    const first = connect();
    const seen = record(first);
    expect(await join(first, consultation.slug)).toMatchObject({ ok: true, presence: 1 });
    const second = connect();
    expect(await join(second, consultation.slug)).toMatchObject({ ok: true, presence: 2 });
    const presence = () => seen.filter((r) => r.name === 'presence').map((r) => r.payload);
    await until(() => presence().at(-1)?.count === 2, 'two readers');
    expect(presence().at(-1)).toEqual({ slug: consultation.slug, count: 2 });

    second.disconnect();
    await until(() => presence().at(-1)?.count === 1, 'one reader');
    const third = connect();
    await join(third, consultation.slug);
    third.emit('consultation:leave', { slug: consultation.slug });
    await until(() => presence().at(-1)?.count === 1 && presence().some((p) => p.count === 2), 'the leave');
  });
});

/** A TCP relay to Redis that a test can cut and restore, as a network fault would. */
async function redisRelay(redisUrl: string) {
  const target = new URL(redisUrl);
  const open = new Set<net.Socket>();
  let cut = false;
  const relay = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(redisUrl);
  relayed.host = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
  return {
    url: relayed.toString(),
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

describe.runIf(process.env.REDIS_URL)('two nodes sharing Redis', () => {
  it('delivers a comment posted on node A to a reader on node B within a second', async () => {
    const nodeB = await startTestServer({ database: server.database });
    try {
      const consultation = await makeConsultation(server.database.db);
      const reader = connect(nodeB);
      const received = record(reader);
      await join(reader, consultation.slug);
      const event = await postComment(server, consultation, 'Från nod A');
      await until(() => comments(received).length === 1, 'the comment on node B', 1000);
      expect(comments(received)).toEqual([{ eventId: event.eventId, comment: expect.objectContaining({ body: 'Från nod A' }) }]);
    } finally {
      await nodeB.close();
    }
  });

  it('counts readers on both nodes', async () => {
    const nodeB = await startTestServer({ database: server.database });
    try {
      const consultation = await makeConsultation(server.database.db);
      await join(connect(server), consultation.slug);
      expect(await join(connect(nodeB), consultation.slug)).toMatchObject({ ok: true, presence: 2 });
    } finally {
      await nodeB.close();
    }
  });

  it('lets readers on a node catch up after its Redis connection drops and comes back', async () => {
    const relay = await redisRelay(process.env.REDIS_URL!);
    const nodeB = await startTestServer({ database: server.database, redisUrl: relay.url });
    try {
      const consultation = await makeConsultation(server.database.db);
      const reader = connect(nodeB);
      const received = record(reader);
      await join(reader, consultation.slug);
      const before = await postComment(server, consultation, 'Före avbrottet');
      await until(() => comments(received).length === 1, 'the first comment');

      relay.cut();
      await postComment(server, consultation, 'Under avbrottet 1');
      await postComment(server, consultation, 'Under avbrottet 2');
      relay.restore();
      await until(() => comments(received).length === 3, 'the comments from the outage', 10_000);
      await postComment(server, consultation, 'Efter avbrottet');
      await until(() => comments(received).length === 4, 'the comment after the outage');
      expect(bodies(received)).toEqual(['Före avbrottet', 'Under avbrottet 1', 'Under avbrottet 2', 'Efter avbrottet']);

      const returning = connect(nodeB);
      const replayed = record(returning);
      await join(returning, consultation.slug, before.eventId);
      expect(bodies(replayed)).toEqual(['Under avbrottet 1', 'Under avbrottet 2', 'Efter avbrottet']);
    } finally {
      await nodeB.close();
      await relay.close();
    }
  });
});
