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
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { openDatabase } from '../db/index.js';
import { startServer } from '../server/index.js';
import { makeCitizen, makeConsultation, PASSWORD } from '../test/factories.js';
import type { ClientPlan, ClientResult } from './fanout-clients.js';

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
    const child = fork(path.resolve(import.meta.dirname, 'fanout-clients.ts'), { execArgv: ['--import', 'tsx'] });
    const plan: ClientPlan = { ...target, sockets: SOCKETS, comments: COMMENTS, warmUp: WARM_UP };
    const answer = new Promise<{ result?: ClientResult; error?: string }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('the clients did not finish in time'));
      }, CLIENT_TIMEOUT_MS);
      child.once('message', (message: { result?: ClientResult; error?: string }) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the clients exited with ${code}`));
      });
    });
    child.send(plan);
    const { result, error } = await answer;
    if (!result) throw new Error(`the clients failed: ${error}`);
    return result;
  } finally {
    await target.close();
  }
}

/** A bare Socket.IO server and HTTP endpoint, no database: what broadcasting alone costs. */
async function floor(): Promise<Target> {
  const httpServer = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/publish') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const comment = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      io.to('room').emit('comment:created', { comment });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ comment }));
    });
  });
  const io = new Server(httpServer, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('join', async (_: unknown, ack: () => void) => {
      await socket.join('room');
      ack();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    join: { event: 'join', payload: {} },
    post: { path: '/publish', headers: [{}], body: {} },
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
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

function buildApp() {
  const buildDir = path.resolve('node_modules/.cache/samrad-bench', `build-${process.pid}`);
  console.log('Building the app…');
  try {
    execFileSync('npx', ['react-router', 'build'], { env: { ...process.env, SAMRAD_BUILD_DIR: buildDir }, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`react-router build failed:\n${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`);
  }
  return { buildDir, remove: () => rmSync(buildDir, { recursive: true, force: true }) };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
function report(name: string, result: ClientResult) {
  const share = ((100 * result.delivered) / result.expected).toFixed(2);
  console.log(
    `${name.padEnd(8)} delivered ${result.delivered}/${result.expected} (${share} %)  p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  max ${ms(result.max)}`,
  );
}

const build = args['build-dir'] ? { buildDir: path.resolve(args['build-dir']), remove: () => {} } : buildApp();
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
