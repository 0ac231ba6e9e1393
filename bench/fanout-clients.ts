// The client side of bench/fanout.ts, in its own process so that parsing
// N sockets' messages does not share the server's event loop: connects the
// sockets, posts the comments one after another and times each delivery
// from the start of its POST, all on this process's clock.
import { io as connectSocket, type Socket } from 'socket.io-client';

export interface ClientPlan {
  url: string;
  sockets: number;
  comments: number;
  warmUp: number;
  /** The event that puts a socket in the room, answered with an ack. */
  join: { event: string; payload: unknown };
  /** Comment n is posted with headers[n % headers.length]; its marker goes in `body.body`. */
  post: { path: string; headers: Array<Record<string, string>>; body: Record<string, unknown> };
}

export interface ClientResult {
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
}

const CONNECT_BATCH = 50;
const TIMEOUT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 15_000;

async function run(plan: ClientPlan): Promise<ClientResult> {
  const sockets: Socket[] = [];
  const started = new Map<string, number>();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < plan.sockets; i += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, plan.sockets - i) }, async () => {
        const socket = connectSocket(plan.url, {
          transports: ['websocket'],
          extraHeaders: { origin: plan.url },
          forceNew: true,
          reconnection: false,
          timeout: TIMEOUT_MS,
        });
        sockets.push(socket);
        socket.on('comment:created', (payload: { comment: { body: string } }) => {
          const start = started.get(payload.comment.body);
          if (start !== undefined) latencies.push(performance.now() - start);
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        const ack = await socket.timeout(TIMEOUT_MS).emitWithAck(plan.join.event, plan.join.payload);
        if (ack?.ok === false) throw new Error(`join refused: ${JSON.stringify(ack)}`);
      });
      await Promise.all(batch);
    }

    const post = async (marker: string, n: number) => {
      const response = await fetch(new URL(plan.post.path, plan.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: plan.url, ...plan.post.headers[n % plan.post.headers.length] },
        body: JSON.stringify({ ...plan.post.body, body: marker }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    for (let n = 0; n < plan.warmUp; n += 1) await post(`warm-up ${n}`, n);
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (let n = 0; n < plan.comments; n += 1) {
      const marker = `bench ${n}`;
      started.set(marker, performance.now());
      await post(marker, n);
    }
    const expected = plan.sockets * plan.comments;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return { delivered: latencies.length, expected, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN };
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

process.once('message', (plan: ClientPlan) => {
  run(plan).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: Error) => process.send!({ error: error.stack ?? error.message }, () => process.exit(1)),
  );
});
