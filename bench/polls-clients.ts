// The client side of bench/polls.ts, in its own process so that 1,000
// sockets' messages do not share the server's event loop. Connects the
// sockets, casts the votes and times, for every vote and every socket, the
// span from the start of the vote's POST to the socket receiving the totals
// that include it (the event whose totalVotes the POST answered with).
import { io as connectSocket, type Socket } from 'socket.io-client';

export interface PollsPlan {
  url: string;
  sockets: number;
  /** The event that puts a socket in the room, answered with an ack. */
  join: { event: string; payload: unknown };
  /** Vote n is posted with headers[n % headers.length]. */
  vote: { path: string; headers: Array<Record<string, string>>; body: unknown };
  warmUp: number;
  /** Votes cast one after another: the latency of a quiet room. */
  sequential: number;
  /** Votes cast `concurrency` at a time: throughput, and the latency under it. */
  concurrent: number;
  concurrency: number;
}

export interface PhaseResult {
  votes: number;
  votesPerSecond: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
}

export interface PollsResult {
  sequential: PhaseResult;
  concurrent: PhaseResult;
}

const CONNECT_BATCH = 50;
const TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 30_000;

async function run(plan: PollsPlan): Promise<PollsResult> {
  const sockets: Socket[] = [];
  const arrivals = new Map<number, number[]>();
  let received = 0;
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
        socket.on('poll:updated', (payload: { results: { totalVotes: number } | null }) => {
          const total = payload.results?.totalVotes;
          if (total === undefined) return;
          const times = arrivals.get(total) ?? [];
          times.push(performance.now());
          arrivals.set(total, times);
          received += 1;
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

    let next = 0;
    const vote = async () => {
      const n = next++;
      const start = performance.now();
      const response = await fetch(new URL(plan.vote.path, plan.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: plan.url, ...plan.vote.headers[n % plan.vote.headers.length] },
        body: JSON.stringify(plan.vote.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status !== 200) throw new Error(`vote answered ${response.status}: ${await response.text()}`);
      const { results } = (await response.json()) as { results: { totalVotes: number } };
      return { start, total: results.totalVotes };
    };

    for (let n = 0; n < plan.warmUp; n += 1) await vote();

    const phase = async (votes: number, concurrency: number): Promise<PhaseResult> => {
      const cast: Array<{ start: number; total: number }> = [];
      const before = received;
      const began = performance.now();
      let left = votes;
      const worker = async () => {
        while (left > 0) {
          left -= 1;
          cast.push(await vote());
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, votes) }, worker));
      const seconds = (performance.now() - began) / 1000;
      const expected = votes * plan.sockets;
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (received - before < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

      const latencies = cast.flatMap(({ start, total }) => (arrivals.get(total) ?? []).map((at) => at - start)).sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
      return { votes, votesPerSecond: votes / seconds, delivered: latencies.length, expected, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN };
    };

    const sequential = await phase(plan.sequential, 1);
    const concurrent = await phase(plan.concurrent, plan.concurrency);
    return { sequential, concurrent };
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

process.once('message', (plan: PollsPlan) => {
  run(plan).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: Error) => process.send!({ error: error.stack ?? error.message }, () => process.exit(1)),
  );
});
