// Live fan-out: N sockets in one consultation room, M comments posted over
// HTTP by signed-in citizens; how many deliveries arrive and how long each
// takes from the start of its POST. The floor, measured in the same run, is a
// bare Socket.IO server broadcasting what a bare HTTP endpoint receives.
//
//   npx tsx bench/fanout.ts [--sockets 500] [--comments 200] [--build-dir DIR]
//
// The servers run in this process, the sockets and the poster in a child
// process (bench/fanout-clients.ts). Uses an in-memory PGlite unless
// DATABASE_URL is set, and Redis when REDIS_URL is set. Only loopback
// traffic; every wait is bounded.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/index.js';
import { startServer } from '../server/index.js';
import { makeCitizen, makeConsultation, PASSWORD } from '../test/factories.js';
import type { ClientPlan, ClientResult } from './fanout-clients.js';
import { startFloor } from './lib/floor.js';
import { benchBuild, runClients } from './lib/run.js';

const { values: args } = parseArgs({
  options: {
    sockets: { type: 'string', default: '500' },
    comments: { type: 'string', default: '200' },
    'build-dir': { type: 'string' },
  },
});
const SOCKETS = positive(args.sockets, '--sockets');
const COMMENTS = positive(args.comments, '--comments');
const WARM_UP = 10;
const AUTHORS = 10;
const CLIENT_TIMEOUT_MS = 10 * 60_000;

function positive(value: string, name: string) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive whole number`);
  return number;
}

type Target = Pick<ClientPlan, 'url' | 'join' | 'post'> & { close(): Promise<void> };

/** Runs the clients against a target in a child process and closes the target. */
async function measure(target: Target): Promise<ClientResult> {
  try {
    const plan: ClientPlan = { ...target, sockets: SOCKETS, comments: COMMENTS, warmUp: WARM_UP };
    return await runClients<ClientPlan, ClientResult>(path.resolve(import.meta.dirname, 'fanout-clients.ts'), plan, CLIENT_TIMEOUT_MS);
  } finally {
    await target.close();
  }
}

/** A bare Socket.IO server and HTTP endpoint, no database: what broadcasting alone costs. */
async function floor(): Promise<Target> {
  const bare = await startFloor({ event: 'comment:created', payload: (comment) => ({ comment }), status: 201 });
  return { url: bare.url, join: bare.join, post: { path: bare.publishPath, headers: [{}], body: {} }, close: bare.close };
}

/** The real server: comments through the API, the database, the outbox and the live feed. */
async function samrad(buildDir: string): Promise<Target> {
  const database = process.env.DATABASE_URL ? undefined : await openDatabase({});
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
      sessionSecret: randomBytes(32).toString('base64url'),
      rateLimits: false,
      demoData: false,
    },
    { database, buildDir, log: () => {} },
  );
  const { db } = server.services;
  const consultation = await makeConsultation(db, { title: 'Fan-out' });
  const headers: Array<Record<string, string>> = [];
  for (let i = 0; i < AUTHORS; i += 1) {
    const citizen = await makeCitizen(db);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: citizen.email, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    headers.push({ cookie: login.headers.get('set-cookie')!.split(';')[0]! });
  }
  return {
    url: server.url,
    join: { event: 'consultation:join', payload: { slug: consultation.slug } },
    post: { path: `/api/v1/consultations/${consultation.slug}/comments`, headers, body: { topicId: consultation.topics[0]!.id } },
    async close() {
      await server.close();
      await database?.close();
    },
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
function report(name: string, result: ClientResult) {
  const share = ((100 * result.delivered) / result.expected).toFixed(2);
  console.log(
    `${name.padEnd(8)} delivered ${result.delivered}/${result.expected} (${share} %)  p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  max ${ms(result.max)}`,
  );
}

const build = benchBuild(args['build-dir'], 'fanout');
try {
  console.log(
    `${SOCKETS} sockets, ${COMMENTS} comments posted one after another; database: ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite in memory'}, realtime: ${process.env.REDIS_URL ? 'Redis' : 'in memory'}`,
  );
  const floorResult = await measure(await floor());
  report('floor', floorResult);
  const samradResult = await measure(await samrad(build.buildDir));
  report('samråd', samradResult);
  console.log(`p99 ratio samråd/floor: ${(samradResult.p99 / floorResult.p99).toFixed(2)}`);
} finally {
  build.remove();
}
process.exit(0);
