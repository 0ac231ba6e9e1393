// Comment pages in a large consultation: N comments (default 20,000) in one
// consultation, walked page by page through the same functions the API and
// the consultation page use, for every sort. Keyset paging should cost the
// same on the last page as on the first; the floor, measured in the same
// run, is the same deep page fetched with OFFSET, which grows with depth.
//
//   npx tsx bench/comment-pages.ts [--comments 20000]
//
// Uses an in-memory PGlite unless DATABASE_URL is set (then a fresh
// database on that server, dropped after).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type Db, type DbHandle } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { listComments, listThreads } from '../server/comments/list.js';
import { selectCommentRows } from '../server/comments/rows.js';
import type { CommentSort } from '../server/comments/schemas.js';
import { databaseUrlFor } from '../test/support/postgres.js';

const { values: args } = parseArgs({ options: { comments: { type: 'string', default: '20000' } } });
const COMMENTS = Number(args.comments);
if (!Number.isInteger(COMMENTS) || COMMENTS < 100) throw new Error('--comments must be a whole number of at least 100');
const SORTS: CommentSort[] = ['new', 'old', 'supported'];

/** One consultation, two topics; a fifth of the comments are replies, one in ten is not published. */
async function seed(db: Db) {
  const consultation = await db
    .insertInto('consultations')
    .values({ slug: 'stort-samrad', title: 'Stort samråd', status: 'open', opens_at: null, closes_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const topics = await db
    .insertInto('topics')
    .values(['Skolvägen', 'Trafiken'].map((title, i) => ({ consultation_id: consultation.id, position: i + 1, title })))
    .returning('id')
    .execute();
  const [first, second] = topics.map((t) => t.id) as [number, number];
  await sql`insert into users (email, password_hash, display_name)
    select 'person-' || i || '@example.se', 'not-a-hash', 'Person ' || i from generate_series(1, 500) i`.execute(db);
  const roots = Math.round(COMMENTS * 0.8);
  await sql`insert into comments (consultation_id, topic_id, depth, author_id, body, state, support_count, created_at)
    select ${consultation.id}, case when i % 2 = 0 then ${first}::integer else ${second}::integer end, 0,
      (select min(id) from users) + i % 500, 'Synpunkt nummer ' || i,
      case i % 10 when 0 then 'pending' when 5 then 'withdrawn' else 'published' end,
      (i * 7919) % 60, timestamptz '2026-01-01 08:00:00Z' + i * interval '37 seconds'
    from generate_series(1, ${roots}::integer) i`.execute(db);
  await sql`insert into comments (consultation_id, topic_id, parent_id, depth, author_id, body, state, support_count, created_at)
    select consultation_id, topic_id, id, 1, author_id, 'Svar på ' || id, 'published', id % 7, created_at + interval '5 minutes'
    from comments where consultation_id = ${consultation.id} and state = 'published' order by id limit ${COMMENTS - roots}::integer`.execute(db);
  await sql`analyze comments`.execute(db);
  return { consultationId: consultation.id, topicId: first };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const REPEATS = 30;

/** The median of REPEATS runs, so that a busy machine's outliers do not decide. */
async function median(work: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push((await timed(work))[1]);
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Walks every page from first to last; returns how many items were seen and the cursor of the last page. */
async function walk(fetchPage: (cursor: string | undefined) => Promise<{ count: number; nextCursor: string | null }>) {
  let seen = 0;
  let pages = 0;
  let cursor: string | undefined;
  let lastCursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    pages++;
    seen += page.count;
    lastCursor = cursor;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { seen, pages, lastCursor };
}

async function offsetPage(db: Db, consultationId: number, topicId: number, sort: CommentSort, offset: number, limit: number) {
  let query = selectCommentRows(db).where('c.consultation_id', '=', consultationId).where('c.topic_id', '=', topicId).where('c.state', '=', 'published');
  query =
    sort === 'supported'
      ? query.orderBy('c.support_count', 'desc').orderBy('c.id', 'desc')
      : query.orderBy('c.created_at', sort === 'new' ? 'desc' : 'asc').orderBy('c.id', sort === 'new' ? 'desc' : 'asc');
  return query.offset(offset).limit(limit).execute();
}

async function main() {
  let handle: DbHandle;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const name = `samrad_bench_${randomBytes(4).toString('hex')}`;
    const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1 });
    await sql.raw(`create database ${name}`).execute(admin.db);
    handle = await openDatabase({ databaseUrl: databaseUrlFor(process.env.DATABASE_URL, name) });
    dropDatabase = async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    };
  } else {
    handle = await openDatabase({});
  }
  try {
    const { db } = handle;
    await migrateToLatest(db);
    const [{ consultationId, topicId }, seedTime] = await timed(() => seed(db));
    const published = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic_id', '=', topicId)
      .where('state', '=', 'published')
      .executeTakeFirstOrThrow();
    console.log(`${handle.kind}: ${COMMENTS} comments in one consultation (seeded in ${(seedTime / 1000).toFixed(1)} s); topic walked: ${published.n} published`);
    console.log('');
    console.log(`Medians of ${REPEATS} runs each, 20 a page.`);
    console.log('');
    console.log('| listing | sort | pages | every comment once | first page | last page | floor: last page by OFFSET |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    const lastOffset = Math.max(0, Number(published.n) - 20);
    for (const sort of SORTS) {
      const flatPage = (cursor: string | undefined) => listComments(db, { consultationId, topicId, sort, cursor, limit: 20, viewer: null });
      const flat = await walk(async (cursor) => {
        const page = await flatPage(cursor);
        return { count: page.comments.length, nextCursor: page.nextCursor };
      });
      const complete = flat.seen === Number(published.n) ? 'yes' : `no (${flat.seen})`;
      const floor = await median(() => offsetPage(db, consultationId, topicId, sort, lastOffset, 20));
      console.log(
        `| API (flat) | ${sort} | ${flat.pages} | ${complete} | ${ms(await median(() => flatPage(undefined)))} | ${ms(await median(() => flatPage(flat.lastCursor)))} | ${ms(floor)} |`,
      );
      const threadPage = (cursor: string | undefined) => listThreads(db, { topicId, sort, cursor, limit: 20, viewer: null });
      const threads = await walk(async (cursor) => {
        const page = await threadPage(cursor);
        return { count: page.threads.length, nextCursor: page.nextCursor };
      });
      console.log(
        `| page (threads with replies) | ${sort} | ${threads.pages} | – | ${ms(await median(() => threadPage(undefined)))} | ${ms(await median(() => threadPage(threads.lastCursor)))} | – |`,
      );
    }
  } finally {
    await handle.close();
    await dropDatabase?.();
  }
}

await main();
