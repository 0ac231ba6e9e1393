import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { badRequest } from '../http/errors.js';
import { selectCommentRows, withViewerSupports } from './rows.js';
import { findConsultationBySlug } from './rules.js';
import type { CommentSort, ListQuery } from './schemas.js';
import { isTakenDown, isVisibleTo, type CommentRow, type Thread, type Viewer } from './view.js';

// Keyset pagination: a cursor holds the sort and the last row's sort key
// and id, so that each page is one index range scan however deep the
// reader goes (migrations 0001 and 0002 hold the indexes). The timestamp
// key is Postgres' own text with microseconds; a JS Date would drop them.

interface Position {
  sort: CommentSort;
  key: string;
  id: number;
}

const PositionSchema = z.object({
  s: z.enum(['new', 'old', 'supported']),
  k: z.string().max(40),
  i: z.number().int().positive(),
});

export function encodeCursor({ sort, key, id }: Position) {
  return Buffer.from(JSON.stringify({ s: sort, k: key, i: id })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: CommentSort): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = PositionSchema.safeParse(parsed);
  const keyFits = (key: string) => (sort === 'supported' ? /^\d{1,9}$/.test(key) : !Number.isNaN(Date.parse(key)));
  if (!result.success || result.data.s !== sort || !keyFits(result.data.k)) {
    throw badRequest('Ogiltig sidmarkör. Börja om från första sidan.', { cursor: 'Ogiltig sidmarkör.' });
  }
  return { sort, key: result.data.k, id: result.data.i };
}

const sortKey = (sort: CommentSort) =>
  sort === 'supported'
    ? sql<string>`c.support_count::text`
    : sql<string>`to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function after({ sort, key, id }: Position) {
  if (sort === 'supported') return sql<boolean>`(c.support_count, c.id) < (${key}::integer, ${id}::integer)`;
  if (sort === 'new') return sql<boolean>`(c.created_at, c.id) < (${key}::timestamptz, ${id}::integer)`;
  return sql<boolean>`(c.created_at, c.id) > (${key}::timestamptz, ${id}::integer)`;
}

function ordered(query: ReturnType<typeof selectCommentRows>, sort: CommentSort, from: Position | undefined) {
  let q = query.select(sortKey(sort).as('sort_key'));
  if (from) q = q.where(after(from));
  if (sort === 'supported') return q.orderBy('c.support_count', 'desc').orderBy('c.id', 'desc');
  const direction = sort === 'new' ? 'desc' : 'asc';
  return q.orderBy('c.created_at', direction).orderBy('c.id', direction);
}

async function page(query: ReturnType<typeof ordered>, sort: CommentSort, limit: number) {
  const rows = await query.limit(limit + 1).execute();
  const taken = rows.slice(0, limit);
  const last = taken.at(-1);
  const next: Position | undefined = rows.length > limit && last ? { sort, key: last.sort_key, id: last.id } : undefined;
  return { rows: taken.map(({ sort_key: _, ...row }): CommentRow => row), next };
}

export interface ListOptions {
  consultationId: number;
  /** A topic of that consultation (listConsultationComments checks). */
  topicId?: number;
  sort: CommentSort;
  cursor?: string;
  limit: number;
  viewer: Viewer | null;
}

/** Published comments, flat, one page at a time: every one exactly once. */
export async function listComments(db: Db, options: ListOptions) {
  const from = options.cursor ? decodeCursor(options.cursor, options.sort) : undefined;
  // A topic belongs to one consultation: filtering on it alone lets the
  // planner take the per-topic index rather than the consultation's.
  const scoped =
    options.topicId === undefined
      ? selectCommentRows(db).where('c.consultation_id', '=', options.consultationId)
      : selectCommentRows(db).where('c.topic_id', '=', options.topicId);
  const query = scoped.where('c.state', '=', 'published');
  const { rows, next } = await page(ordered(query, options.sort, from), options.sort, options.limit);
  return {
    comments: await withViewerSupports(db, rows, options.viewer?.id),
    nextCursor: next ? encodeCursor(next) : null,
  };
}

/** GET /api/v1/consultations/:slug/comments */
export async function listConsultationComments(db: Db, slug: string, query: ListQuery, viewer: Viewer | null) {
  const consultation = await findConsultationBySlug(db, slug);
  if (query.topic !== undefined) {
    const known = await db
      .selectFrom('topics')
      .select('id')
      .where('id', '=', query.topic)
      .where('consultation_id', '=', consultation.id)
      .executeTakeFirst();
    if (!known) throw badRequest('Frågan finns inte i det här samrådet.', { topic: 'Frågan finns inte i det här samrådet.' });
  }
  const { topic, sort, cursor, limit } = query;
  return listComments(db, { consultationId: consultation.id, topicId: topic, sort, cursor, limit, viewer });
}

const MAX_ROUNDS = 5;

/**
 * One topic's threads for the page: top-level comments in the chosen order,
 * each with its replies oldest first. A comment the viewer may not read is
 * kept as a placeholder where a moderator took it down, or where replies
 * the viewer may read hang under it; others' pending comments are never loaded.
 */
export async function listThreads(db: Db, options: Omit<ListOptions, 'consultationId'> & { topicId: number }) {
  const viewerId = options.viewer?.id ?? 0;
  const threads: Thread[] = [];
  let from = options.cursor ? decodeCursor(options.cursor, options.sort) : undefined;
  let more = true;
  for (let round = 0; round < MAX_ROUNDS && more && threads.length < options.limit; round++) {
    const roots = selectCommentRows(db)
      .where('c.topic_id', '=', options.topicId)
      .where('c.depth', '=', 0)
      .where((eb) => eb.or([eb('c.state', '!=', 'pending'), eb('c.author_id', '=', viewerId)]));
    const { rows, next } = await page(ordered(roots, options.sort, from), options.sort, options.limit - threads.length);
    threads.push(...(await withReplies(db, rows, options.viewer)));
    more = next !== undefined;
    from = next;
  }
  return { threads, nextCursor: more && from ? encodeCursor(from) : null };
}

async function withReplies(db: Db, roots: CommentRow[], viewer: Viewer | null): Promise<Thread[]> {
  const all = [...roots];
  let parents = roots.map((r) => r.id);
  while (parents.length > 0) {
    const children = await selectCommentRows(db)
      .where('c.parent_id', 'in', parents)
      .where((eb) => eb.or([eb('c.state', '!=', 'pending'), eb('c.author_id', '=', viewer?.id ?? 0)]))
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute();
    all.push(...children);
    parents = children.map((c) => c.id);
  }
  const rows = await withViewerSupports(db, all, viewer?.id);
  const byParent = new Map<number, CommentRow[]>();
  for (const row of rows) {
    if (row.parent_id === null) continue;
    const siblings = byParent.get(row.parent_id) ?? [];
    siblings.push(row);
    byParent.set(row.parent_id, siblings);
  }
  const build = (row: CommentRow): Thread | undefined => {
    const replies = (byParent.get(row.id) ?? []).map(build).filter((t): t is Thread => t !== undefined);
    if (!isVisibleTo(row, viewer) && !isTakenDown(row) && replies.length === 0) return undefined;
    return { comment: row, replies };
  };
  const byId = new Map(rows.map((r) => [r.id, r]));
  return roots.map((r) => build(byId.get(r.id)!)).filter((t): t is Thread => t !== undefined);
}
