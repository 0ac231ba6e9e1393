// Exports of a large consultation: N comments (default 100,000) exported as
// CSV and XLSX through the real HTTP endpoint of the built server, which runs
// in its own process so that its resident memory can be sampled alone. The
// floor, measured in the same run, is a bare `COPY (select …) TO STDOUT` of
// the same rows (on PGlite `COPY … TO '/dev/blob'`).
//
//   npx tsx bench/export.ts [--comments 100000] [--heap-mb 96] [--build-dir DIR]
//
// Uses an embedded PGlite data directory in a temporary folder unless
// DATABASE_URL is set (then a fresh database on that server, dropped after).
// Peak memory is the server's VmRSS sampled every 10 ms from /proc (Linux).
// The server gets a fixed V8 heap budget (--heap-mb, 0 for V8's defaults):
// V8 otherwise grows its heap lazily under a high allocation rate, so RSS
// would say more about V8's sizing than about what the export keeps alive,
// and a budget far below the export's size shows that nothing accumulates.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openDatabase, type Db, type DbHandle } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { hashPassword } from '../server/auth/passwords.js';
import { spawnServer } from '../test/support/server-process.js';
import { databaseUrlFor } from '../test/support/postgres.js';
import { benchBuild } from './lib/run.js';

const { values: args } = parseArgs({
  options: {
    comments: { type: 'string', default: '100000' },
    'heap-mb': { type: 'string', default: '96' },
    'build-dir': { type: 'string' },
  },
});
const COMMENTS = Number(args.comments);
if (!Number.isInteger(COMMENTS) || COMMENTS < 10) throw new Error('--comments must be a whole number of at least 10');
const HEAP_MB = Number(args['heap-mb']);
if (!Number.isInteger(HEAP_MB) || HEAP_MB < 0) throw new Error('--heap-mb must be a whole number (0 for V8 defaults)');
const NODE_OPTIONS = HEAP_MB > 0 ? `--max-old-space-size=${HEAP_MB} --max-semi-space-size=2` : '';
const PARTICIPANTS = 2000;
const LIMIT_MB = 200;
const PASSWORD = 'bench-password-1';
const EXPORT_TIMEOUT_MS = 10 * 60_000;

interface Seeded {
  slug: string;
  consultationId: number;
  officialEmail: string;
}

/** The consultation, N comments (a fifth of them replies, some hidden or withdrawn, every tenth tagged) and a moderation log. */
async function seed(db: Db): Promise<Seeded> {
  const organization = await db.insertInto('organizations').values({ slug: 'bench-kommun', name: 'Benchkommun', kind: 'municipality' }).returning('id').executeTakeFirstOrThrow();
  const consultation = await db
    .insertInto('consultations')
    .values({ slug: 'stor-export', title: 'Stor export', status: 'open', opens_at: new Date('2026-01-01T00:00:00Z'), closes_at: new Date('2026-12-31T00:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('consultation_organizations').values({ consultation_id: consultation.id, organization_id: organization.id, is_lead: true }).execute();
  const topics = await db
    .insertInto('topics')
    .values(['Skolvägen', 'Trafiken', 'Bussarna', 'Kostnaderna'].map((title, i) => ({ consultation_id: consultation.id, position: i + 1, title })))
    .returning('id')
    .execute();
  const hash = await hashPassword(PASSWORD);
  const [official, moderator] = await db
    .insertInto('users')
    .values([
      { email: 'tjansteperson@bench.example', password_hash: hash, display_name: 'Tjänsteperson' },
      { email: 'moderator@bench.example', password_hash: hash, display_name: 'Moderator' },
    ])
    .returning('id')
    .execute();
  await db.insertInto('memberships').values({ user_id: official!.id, organization_id: organization.id, role: 'official' }).execute();
  await db.insertInto('memberships').values({ user_id: moderator!.id, organization_id: organization.id, role: 'moderator' }).execute();
  await sql`
    insert into users (email, password_hash, display_name, home_municipality)
    select 'deltagare-' || g || '@bench.example', 'x', 'Deltagare ' || g, (array['Köping', 'Arboga', 'Kungsör'])[g % 3 + 1]
    from generate_series(1, ${PARTICIPANTS}) g`.execute(db);
  const { first } = await db.selectFrom('users').select((eb) => eb.fn.min('id').as('first')).where('email', 'like', 'deltagare-%').executeTakeFirstOrThrow();
  const topicIds = sql.raw(`array[${topics.map((t) => t.id).join(',')}]`);
  const replies = Math.floor(COMMENTS / 5);
  await sql`
    insert into comments (consultation_id, topic_id, author_id, body, state, state_reason, support_count, flag_count, created_at)
    select ${consultation.id}, (${topicIds})[g % 4 + 1], ${first} + (g * 7919) % ${PARTICIPANTS},
      'Synpunkt ' || g || ': jag tycker att förslaget, som det ser ut nu, är "för dyrt" för oss i Köping och Kungsör.'
        || case when g % 7 = 0 then E'\nDessutom: skolvägen över den stora vägen är farlig för barnen.' else '' end
        || repeat(' Mer om trafiken, bussarna och åren som kommer.', g % 6),
      case when g % 50 = 0 then 'hidden' when g % 97 = 0 then 'withdrawn' else 'published' end,
      case when g % 50 = 0 then 'personal_attack' end,
      g % 37, case when g % 50 = 0 then 3 else 0 end,
      timestamptz '2026-01-01 08:00:00+00' + g * interval '20 seconds'
    from generate_series(1, ${COMMENTS - replies}) g`.execute(db);
  await sql`
    insert into comments (consultation_id, topic_id, parent_id, depth, author_id, body, state, support_count, created_at)
    select c.consultation_id, c.topic_id, c.id, 1, ${first} + (c.id * 31) % ${PARTICIPANTS}, 'Svar: håller med, men "hur" ska det betalas?', 'published', c.id % 5, c.created_at + interval '1 hour'
    from comments c where c.consultation_id = ${consultation.id} and c.depth = 0 order by c.id limit ${replies}`.execute(db);
  const themes = await db
    .insertInto('themes')
    .values(['Trygghet', 'Kostnader', 'Miljö', 'Tillgänglighet', 'Barn och unga', 'Kollektivtrafik', 'Landsbygd', 'Övrigt'].map((name) => ({ consultation_id: consultation.id, name })))
    .returning('id')
    .execute();
  await sql`
    insert into comment_themes (comment_id, theme_id, tagged_by)
    select c.id, (${sql.raw(`array[${themes.map((t) => t.id).join(',')}]`)})[c.id % 8 + 1], ${official!.id}
    from comments c where c.consultation_id = ${consultation.id} and c.id % 10 = 0`.execute(db);
  await sql`
    insert into moderation_actions (comment_id, moderator_id, action, from_state, to_state, reason_code, note)
    select c.id, ${moderator!.id}, 'hide', 'published', 'hidden', 'personal_attack', 'Personangrepp mot en namngiven person'
    from comments c where c.consultation_id = ${consultation.id} and c.state = 'hidden' order by c.id`.execute(db);
  return { slug: 'stor-export', consultationId: consultation.id, officialEmail: 'tjansteperson@bench.example' };
}

/** The rows of a full CSV export, as one query: what the database alone needs to hand them over. */
const floorQuery = (consultationId: number) => `
  copy (
    select c.id, c.parent_id, t.title,
      (select string_agg(th.name, '; ' order by th.id) from comment_themes ct join themes th on th.id = ct.theme_id where ct.comment_id = c.id),
      c.state, c.support_count, c.flag_count, c.created_at, c.edited_at, c.author_id, c.body
    from comments c join topics t on t.id = c.topic_id
    where c.consultation_id = ${consultationId}
    order by c.id
  ) to %TARGET% with (format csv, header)`;

async function floor(database: { databaseUrl?: string; dataDir?: string }, consultationId: number) {
  const started = performance.now();
  let bytes = 0;
  if (database.databaseUrl) {
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    try {
      const stream = client.query(copyTo(floorQuery(consultationId).replace('%TARGET%', 'stdout')));
      await pipeline(stream, new Writable({ write: (chunk: Buffer, _encoding, done) => ((bytes += chunk.length), done()) }));
    } finally {
      await client.end();
    }
  } else {
    const handle = await openDatabase({ dataDir: database.dataDir });
    try {
      const result = await handle.pglite!.query(floorQuery(consultationId).replace('%TARGET%', `'/dev/blob'`));
      bytes = result.blob?.size ?? 0;
    } finally {
      await handle.close();
    }
  }
  return { ms: performance.now() - started, bytes };
}

function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Downloads one export, counting its bytes and CSV records, while sampling the server's memory. */
async function download(url: string, cookie: string, pid: number) {
  const idle = rssMb(pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
  const started = performance.now();
  try {
    const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS) });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    let bytes = 0;
    let records = 0;
    let quoted = false;
    let head: Uint8Array | undefined;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      head ??= chunk.slice(0, 4);
      bytes += chunk.length;
      for (const byte of chunk) {
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) records += 1;
      }
    }
    return { ms: performance.now() - started, bytes, records, head: head ?? new Uint8Array(), idle, peak: Math.max(peak, rssMb(pid)) };
  } finally {
    clearInterval(sampler);
  }
}

/** The built server as `npm start` runs it, in its own process. */
function startApp(buildDir: string, env: Record<string, string>) {
  return spawnServer({
    NODE_ENV: 'production',
    SAMRAD_BUILD_DIR: buildDir,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    RATE_LIMITS: 'off',
    DEMO_DATA: 'off',
    NODE_OPTIONS,
    ...env,
  });
}

/** A fresh database: a temporary PGlite directory, or a new database on the DATABASE_URL server. */
async function freshDatabase(): Promise<{ handle: DbHandle; env: Record<string, string>; location: { databaseUrl?: string; dataDir?: string }; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'samrad-bench-export-'));
    const handle = await openDatabase({ dataDir });
    return { handle, env: { DATA_DIR: dataDir }, location: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `samrad_bench_export_${randomBytes(4).toString('hex')}`;
  const admin: DbHandle = await openDatabase({ databaseUrl: serverUrl, poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin.db);
  const databaseUrl = databaseUrlFor(serverUrl, name);
  const handle = await openDatabase({ databaseUrl, poolSize: 2 });
  // A data directory of its own, so that the server never touches the developer's ./data.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'samrad-bench-export-'));
  return {
    handle,
    env: { DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
    location: { databaseUrl },
    drop: async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const mb = (value: number) => `${value.toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const build = benchBuild(args['build-dir'], 'export');
const database = await freshDatabase();
let failed = false;
try {
  console.log(`Seeding ${COMMENTS} comments (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})…`);
  await migrateToLatest(database.handle.db);
  const seeded = await seed(database.handle.db);
  await database.handle.close();

  const app = await startApp(build.buildDir, database.env);
  try {
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ email: seeded.officialEmail, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    // With the database in its own process the server's whole RSS is held to the limit; the
    // embedded PGlite shares the process (and keeps what it reads cached), so there the
    // limit applies to what the export adds to the idle server.
    const embedded = !process.env.DATABASE_URL;
    console.log(`Server process ${app.child.pid} (NODE_OPTIONS=${NODE_OPTIONS || 'none'}); exports of all ${COMMENTS} comments (scope=full):`);
    for (const format of ['csv', 'xlsx'] as const) {
      const result = await download(`${app.url}/api/v1/consultations/${seeded.slug}/export?format=${format}&scope=full`, cookie, app.child.pid!);
      const check =
        format === 'csv'
          ? `${result.records - 1} data rows (header + rows, quote-aware)${result.records - 1 === COMMENTS ? '' : ' MISMATCH'}`
          : `zip signature ${result.head[0] === 0x50 && result.head[1] === 0x4b ? 'ok' : 'MISSING'}`;
      const measured = embedded ? result.peak - result.idle : result.peak;
      const over = measured >= LIMIT_MB;
      failed ||= over || (format === 'csv' && result.records - 1 !== COMMENTS);
      console.log(
        `  ${format.padEnd(5)} ${seconds(result.ms).padStart(8)}  ${mb(result.bytes / 2 ** 20).padStart(9)}  server RSS before ${mb(result.idle)}, peak ${mb(result.peak)} (+${mb(result.peak - result.idle)}; limit ${LIMIT_MB} MB on the ${embedded ? 'increase' : 'peak'}${over ? ', EXCEEDED' : ''})  ${check}`,
      );
    }
  } finally {
    await app.stop();
  }
  const bare = await floor(database.location, seeded.consultationId);
  console.log(`  floor ${seconds(bare.ms).padStart(8)}  ${mb(bare.bytes / 2 ** 20).padStart(9)}  bare COPY (select …) TO ${process.env.DATABASE_URL ? 'STDOUT' : "'/dev/blob'"} of the same rows`);
} finally {
  await database.drop();
  build.remove();
}
process.exit(failed ? 1 : 0);
