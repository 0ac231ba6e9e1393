// Live polls: N sockets in a consultation room while citizens vote over
// HTTP, first one vote at a time, then C at a time. Prints votes per second
// and the latency from the start of a vote's POST to each socket receiving
// the totals that include it. The floor, measured in the same run the same
// way, is a bare Socket.IO server broadcasting what a bare HTTP endpoint
// receives (bench/lib/floor.ts; bench/fanout measures the same kind of floor).
//
//   npx tsx bench/polls.ts [--sockets 1000] [--votes 300] [--concurrency 10] [--build-dir DIR]
//
// The servers run in this process, the sockets and the voters in a child
// process (bench/polls-clients.ts). Uses an in-memory PGlite unless
// DATABASE_URL is set, and Redis when REDIS_URL is set. Only loopback
// traffic; every wait is bounded.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/index.js';
import { startServer } from '../server/index.js';
import { makeCitizen, makeConsultation, makePoll, sessionCookieFor } from '../test/factories.js';
import { startFloor } from './lib/floor.js';
import type { PhaseResult, PollsPlan, PollsResult } from './polls-clients.js';
import { benchBuild, runClients } from './lib/run.js';

const { values: args } = parseArgs({
  options: {
    sockets: { type: 'string', default: '1000' },
    votes: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '10' },
    'build-dir': { type: 'string' },
  },
});
const SOCKETS = positive(args.sockets, '--sockets');
const VOTES = positive(args.votes, '--votes');
const CONCURRENCY = positive(args.concurrency, '--concurrency');
const WARM_UP = 10;
const CLIENT_TIMEOUT_MS = 10 * 60_000;

function positive(value: string, name: string) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive whole number`);
  return number;
}

type Target = Pick<PollsPlan, 'url' | 'join' | 'vote'> & { close(): Promise<void> };

/** Runs the clients against a target in a child process and closes the target. */
async function measure(target: Target): Promise<PollsResult> {
  try {
    const plan: PollsPlan = {
      url: target.url,
      join: target.join,
      vote: target.vote,
      sockets: SOCKETS,
      warmUp: WARM_UP,
      sequential: VOTES,
      concurrent: VOTES,
      concurrency: CONCURRENCY,
    };
    return await runClients<PollsPlan, PollsResult>(path.resolve(import.meta.dirname, 'polls-clients.ts'), plan, CLIENT_TIMEOUT_MS);
  } finally {
    await target.close();
  }
}

/** The floor: every publish is a "vote" whose totals go to every socket. */
async function floor(): Promise<Target> {
  const bare = await startFloor({
    event: 'poll:updated',
    payload: (_body, n) => ({ eventId: n, poll: { id: 1 }, results: { totalVotes: n } }),
  });
  return { url: bare.url, join: bare.join, vote: { path: bare.publishPath, headers: [{}], body: {} }, close: bare.close };
}

/** The real server: votes through the API, the database, the outbox and the live feed. */
async function samrad(buildDir: string): Promise<Target> {
  const database = process.env.DATABASE_URL ? undefined : await openDatabase({});
  const sessionSecret = randomBytes(32).toString('base64url');
  const server = await startServer(
    {
      env: 'production',
      port: 0,
      host: '127.0.0.1',
      publicUrl: undefined,
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: '/nonexistent',
      redisUrl: process.env.REDIS_URL || undefined,
      redisPrefix: `samrad-bench-${randomBytes(4).toString('hex')}`,
      sessionSecret,
      rateLimits: false,
      demoData: false,
    },
    { database, buildDir, log: () => {} },
  );
  const { db } = server.services;
  const consultation = await makeConsultation(db, { title: 'Omröstning' });
  const poll = await makePoll(db, { consultationId: consultation.id, options: ['Ja', 'Nej'] });
  // One voter per vote: every vote adds one to the totals, so the totals a
  // POST answers with name the event that carries it.
  const headers: Array<Record<string, string>> = [];
  for (let i = 0; i < WARM_UP + 2 * VOTES; i += 1) {
    const citizen = await makeCitizen(db);
    headers.push({ cookie: await sessionCookieFor(db, citizen.id, sessionSecret) });
  }
  return {
    url: server.url,
    join: { event: 'consultation:join', payload: { slug: consultation.slug } },
    vote: { path: `/api/v1/polls/${poll.id}/votes`, headers, body: { optionIds: [poll.options[0]!.id] } },
    async close() {
      await server.close();
      await database?.close();
    },
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
function report(name: string, phase: string, result: PhaseResult) {
  const share = ((100 * result.delivered) / result.expected).toFixed(2);
  console.log(
    `${name.padEnd(7)} ${phase.padEnd(13)} ${result.votesPerSecond.toFixed(0).padStart(6)} votes/s  delivered ${result.delivered}/${result.expected} (${share} %)  p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  max ${ms(result.max)}`,
  );
}

const build = benchBuild(args['build-dir'], 'polls');
try {
  console.log(
    `${SOCKETS} sockets; ${VOTES} votes one at a time, then ${VOTES} votes ${CONCURRENCY} at a time; database: ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite in memory'}, realtime: ${process.env.REDIS_URL ? 'Redis' : 'in memory'}`,
  );
  const floorResult = await measure(await floor());
  report('floor', 'one at a time', floorResult.sequential);
  report('floor', `${CONCURRENCY} at a time`, floorResult.concurrent);
  const samradResult = await measure(await samrad(build.buildDir));
  report('samråd', 'one at a time', samradResult.sequential);
  report('samråd', `${CONCURRENCY} at a time`, samradResult.concurrent);
  console.log(
    `p99 ratio samråd/floor: ${(samradResult.sequential.p99 / floorResult.sequential.p99).toFixed(2)} one at a time, ${(samradResult.concurrent.p99 / floorResult.concurrent.p99).toFixed(2)} ${CONCURRENCY} at a time`,
  );
} finally {
  build.remove();
}
process.exit(0);
