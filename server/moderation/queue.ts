import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import type { CommentState, Database, FlagReason } from '../../db/schema.js';
import { findFilterHits, type FilterHit } from './filters.js';

// The queue: comments waiting for a moderator (pending, which includes those
// held by a filter) and comments with flags nobody has handled yet, in the
// consultations of the moderator's organizations, oldest first.

export type QueueReason = 'pending' | 'held' | 'flagged';

export interface QueueComment {
  id: number;
  authorName: string;
  body: string;
  state: CommentState;
  createdAt: string;
}

export interface QueueItem {
  commentId: number;
  consultationId: number;
  /** Why it is in the queue; `held` when a filter holds it. */
  reasons: QueueReason[];
  /** When it entered the queue: written (pending) or first flagged. */
  queuedAt: string;
  consultation: { slug: string; title: string };
  topic: { id: number; title: string };
  comment: {
    id: number;
    parentId: number | null;
    depth: number;
    body: string;
    state: CommentState;
    stateReason: string | null;
    heldBy: string[];
    flagCount: number;
    createdAt: string;
    editedAt: string | null;
  };
  author: { id: number; displayName: string; blocked: boolean; comments: number; removed: number };
  /** The comments above it, from the top of the thread down to its parent. */
  thread: QueueComment[];
  flags: Array<{ reason: FlagReason; note: string | null; createdAt: string }>;
  /** Where the filters match in the body, for highlighting. */
  filterHits: FilterHit[];
  claim: { moderatorId: number; moderatorName: string; expiresAt: string } | null;
}

export const QueueQuerySchema = z.object({
  consultation: z.string().max(200).optional(),
  limit: z.coerce.number('Ange ett antal mellan 1 och 200.').int().min(1, 'Ange ett antal mellan 1 och 200.').max(200, 'Ange ett antal mellan 1 och 200.').default(50),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

type CommentScope = ExpressionBuilder<Database & { c: Database['comments'] }, 'c'>;

const hasOpenFlag = (eb: CommentScope) =>
  eb.exists(eb.selectFrom('flags as f').select('f.id').whereRef('f.comment_id', '=', 'c.id').where('f.resolved_at', 'is', null));

/** The condition for a comment to be in the queue. */
const inQueue = (eb: CommentScope) =>
  eb.or([eb('c.state', '=', 'pending'), eb.and([eb('c.state', 'in', ['published', 'hidden']), hasOpenFlag(eb)])]);

const queuedAt = sql<Date>`case when c.state = 'pending' then c.created_at
  else coalesce((select min(f.created_at) from flags f where f.comment_id = c.id and f.resolved_at is null), c.created_at) end`;

function queueRows(db: Db | Tx) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .innerJoin('topics as t', 't.id', 'c.topic_id')
    .leftJoin('moderation_claims as mc', (join) => join.onRef('mc.comment_id', '=', 'c.id').on('mc.expires_at', '>', sql<Date>`now()`))
    .leftJoin('users as mu', 'mu.id', 'mc.moderator_id')
    .select([
      'c.id',
      'c.consultation_id',
      'c.topic_id',
      'c.parent_id',
      'c.depth',
      'c.author_id',
      'c.body',
      'c.state',
      'c.state_reason',
      'c.held_by',
      'c.flag_count',
      'c.created_at',
      'c.edited_at',
      'u.display_name as author_name',
      'u.blocked_at as author_blocked_at',
      'k.slug as consultation_slug',
      'k.title as consultation_title',
      't.title as topic_title',
      'mc.moderator_id as claim_moderator_id',
      'mu.display_name as claim_moderator_name',
      'mc.expires_at as claim_expires_at',
      queuedAt.as('queued_at'),
    ])
    .where(inQueue);
}

type QueueRow = Awaited<ReturnType<ReturnType<typeof queueRows>['execute']>>[number];

/** The queue of every consultation behind the given organizations. */
export async function listQueue(db: Db, organizationIds: number[], query: QueueQuery = { limit: 50 }): Promise<QueueItem[]> {
  if (organizationIds.length === 0) return [];
  let rows = queueRows(db).where((eb) =>
    eb.exists(
      eb
        .selectFrom('consultation_organizations as co')
        .select('co.consultation_id')
        .whereRef('co.consultation_id', '=', 'c.consultation_id')
        .where('co.organization_id', 'in', organizationIds),
    ),
  );
  if (query.consultation) rows = rows.where('k.slug', '=', query.consultation);
  return toItems(db, await rows.orderBy(queuedAt).orderBy('c.id').limit(query.limit).execute());
}

/** One comment as a queue item, or undefined when it is not in the queue. */
export async function findQueueItem(db: Db | Tx, commentId: number): Promise<QueueItem | undefined> {
  const rows = await queueRows(db).where('c.id', '=', commentId).execute();
  return (await toItems(db, rows))[0];
}

async function toItems(db: Db | Tx, rows: QueueRow[]): Promise<QueueItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [flags, history, wordLists, ancestors] = await Promise.all([
    db
      .selectFrom('flags')
      .select(['comment_id', 'reason', 'note', 'created_at'])
      .where('comment_id', 'in', ids)
      .where('resolved_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('comments')
      .select((eb) => [
        'author_id',
        eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) filter (where state in ('hidden', 'rejected'))`.as('removed'),
      ])
      .where('author_id', 'in', [...new Set(rows.map((r) => r.author_id))])
      .groupBy('author_id')
      .execute(),
    wordListsOf(db, [...new Set(rows.map((r) => r.consultation_id))]),
    ancestorsOf(db, rows),
  ]);
  return rows.map((r) => {
    const open = flags.filter((f) => f.comment_id === r.id);
    const counts = history.find((h) => h.author_id === r.author_id);
    const reasons: QueueReason[] = [];
    if (r.state === 'pending') reasons.push('pending');
    if (r.held_by.length > 0 && r.state === 'pending') reasons.push('held');
    if (open.length > 0) reasons.push('flagged');
    return {
      commentId: r.id,
      consultationId: r.consultation_id,
      reasons,
      queuedAt: new Date(r.queued_at).toISOString(),
      consultation: { slug: r.consultation_slug, title: r.consultation_title },
      topic: { id: r.topic_id, title: r.topic_title },
      comment: {
        id: r.id,
        parentId: r.parent_id,
        depth: r.depth,
        body: r.body,
        state: r.state,
        stateReason: r.state_reason,
        heldBy: r.held_by,
        flagCount: r.flag_count,
        createdAt: r.created_at.toISOString(),
        editedAt: r.edited_at ? r.edited_at.toISOString() : null,
      },
      author: {
        id: r.author_id,
        displayName: r.author_name,
        blocked: r.author_blocked_at !== null,
        comments: Number(counts?.total ?? 0),
        removed: Number(counts?.removed ?? 0),
      },
      thread: threadOf(r.parent_id, ancestors),
      flags: open.map((f) => ({ reason: f.reason, note: f.note, createdAt: f.created_at.toISOString() })),
      filterHits: findFilterHits(r.body, wordLists.get(r.consultation_id) ?? []),
      claim:
        r.claim_moderator_id !== null && r.claim_expires_at !== null
          ? { moderatorId: r.claim_moderator_id, moderatorName: r.claim_moderator_name ?? '', expiresAt: r.claim_expires_at.toISOString() }
          : null,
    };
  });
}

interface Ancestor extends QueueComment {
  parentId: number | null;
}

/** The parents, grandparents … of the rows: threads are at most four deep. */
async function ancestorsOf(db: Db | Tx, rows: QueueRow[]) {
  const found = new Map<number, Ancestor>();
  let wanted = [...new Set(rows.map((r) => r.parent_id).filter((id): id is number => id !== null))];
  while (wanted.length > 0) {
    const parents = await db
      .selectFrom('comments as c')
      .innerJoin('users as u', 'u.id', 'c.author_id')
      .select(['c.id', 'c.parent_id', 'c.body', 'c.state', 'c.created_at', 'u.display_name'])
      .where('c.id', 'in', wanted)
      .execute();
    for (const p of parents) {
      found.set(p.id, { id: p.id, parentId: p.parent_id, authorName: p.display_name, body: p.body, state: p.state, createdAt: p.created_at.toISOString() });
    }
    wanted = [...new Set(parents.map((p) => p.parent_id).filter((id): id is number => id !== null && !found.has(id)))];
  }
  return found;
}

function threadOf(parentId: number | null, ancestors: Map<number, Ancestor>): QueueComment[] {
  const thread: QueueComment[] = [];
  for (let id = parentId; id !== null; ) {
    const ancestor = ancestors.get(id);
    if (!ancestor) break;
    const { parentId: next, ...comment } = ancestor;
    thread.unshift(comment);
    id = next;
  }
  return thread;
}

async function wordListsOf(db: Db | Tx, consultationIds: number[]) {
  const rows = await db
    .selectFrom('consultation_organizations as co')
    .innerJoin('organizations as o', 'o.id', 'co.organization_id')
    .select(['co.consultation_id', 'o.word_list'])
    .where('co.consultation_id', 'in', consultationIds)
    .execute();
  const lists = new Map<number, string[]>();
  for (const r of rows) lists.set(r.consultation_id, [...new Set([...(lists.get(r.consultation_id) ?? []), ...r.word_list])]);
  return lists;
}

/** The consultations whose queue and log the organizations' moderators see, newest first. */
export async function moderatedConsultations(db: Db, organizationIds: number[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom('consultations as k')
    .select(['k.id', 'k.slug', 'k.title', 'k.status'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('consultation_organizations as co')
          .select('co.consultation_id')
          .whereRef('co.consultation_id', '=', 'k.id')
          .where('co.organization_id', 'in', organizationIds),
      ),
    )
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
}
