import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { CommentState, ModerationActionKind, ReasonCode } from '../../db/schema.js';

export type ExportScope = 'public' | 'full';

export interface ModerationEntry {
  id: number;
  commentId: number | null;
  userId: number | null;
  moderatorId: number | null;
  action: ModerationActionKind;
  fromState: string | null;
  toState: string | null;
  reasonCode: ReasonCode;
  note: string | null;
  createdAt: Date;
}

export interface CommentRow {
  id: number;
  parentId: number | null;
  topicId: number;
  state: CommentState;
  stateReason: string | null;
  heldBy: string[];
  supportCount: number;
  flagCount: number;
  createdAt: Date;
  editedAt: Date | null;
  authorId: number;
  body: string;
  themeIds: number[];
  /** Only in a full export: what moderators did with the comment. */
  moderation: ModerationEntry[];
}

export interface PageOptions {
  scope: ExportScope;
  pageSize?: number;
}

const PAGE_SIZE = 500;

/**
 * The consultation's comments in id order, a page at a time (keyset paging,
 * so every page is one short indexed query on Postgres and PGlite alike and
 * nothing holds a connection between pages). `public` is what anyone can
 * read on the consultation: published comments only.
 */
export async function* commentPages(db: Db, consultationId: number, options: PageOptions): AsyncGenerator<CommentRow[]> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let after = 0;
  for (;;) {
    const rows = await inIdOrder(db, (tx) =>
      tx
        .selectFrom('comments as c')
        .select([
          'c.id',
          'c.parent_id',
          'c.topic_id',
          'c.state',
          'c.state_reason',
          'c.held_by',
          'c.support_count',
          'c.flag_count',
          'c.created_at',
          'c.edited_at',
          'c.author_id',
          'c.body',
        ])
        .where('c.consultation_id', '=', consultationId)
        .$if(options.scope === 'public', (qb) => qb.where('c.state', '=', 'published'))
        .where('c.id', '>', after)
        .orderBy('c.id')
        .limit(pageSize)
        .execute(),
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const ids = rows.map((r) => r.id);
    const [themes, moderation] = await Promise.all([
      db.selectFrom('comment_themes').select(['comment_id', 'theme_id']).where('comment_id', 'in', ids).orderBy('theme_id').execute(),
      options.scope === 'full' ? moderationOf(db, ids) : Promise.resolve([]),
    ]);
    const themeIds = groupBy(themes, (t) => t.comment_id);
    const actions = groupBy(moderation, (m) => m.commentId!);
    yield rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      topicId: r.topic_id,
      state: r.state,
      stateReason: r.state_reason,
      heldBy: r.held_by,
      supportCount: r.support_count,
      flagCount: r.flag_count,
      createdAt: r.created_at,
      editedAt: r.edited_at,
      authorId: r.author_id,
      body: r.body,
      themeIds: (themeIds.get(r.id) ?? []).map((t) => t.theme_id),
      moderation: actions.get(r.id) ?? [],
    }));
    if (rows.length < pageSize) return;
  }
}

/** The moderation log of the consultation's comments, oldest first, a page at a time. */
export async function* moderationPages(db: Db, consultationId: number, pageSize = PAGE_SIZE): AsyncGenerator<ModerationEntry[]> {
  let after = 0;
  for (;;) {
    const rows = await inIdOrder(db, (tx) =>
      moderationQuery(tx)
        .innerJoin('comments as c', 'c.id', 'ma.comment_id')
        .where('c.consultation_id', '=', consultationId)
        .where('ma.id', '>', after)
        .orderBy('ma.id')
        .limit(pageSize)
        .execute(),
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map(toEntry);
    if (rows.length < pageSize) return;
  }
}

/**
 * Runs one keyset page with sorting switched off for its transaction, so that
 * the planner reads the page from an index in id order. Without statistics
 * (PGlite never runs autovacuum; a bulk import before Postgres's does) it
 * guesses a handful of matching rows and would instead collect every
 * remaining row and sort it, on every page: quadratic in the export's size.
 */
function inIdOrder<T>(db: Db, page: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_sort = off`.execute(tx);
    return page(tx);
  });
}

async function moderationOf(db: Db, commentIds: number[]) {
  const rows = await moderationQuery(db).where('ma.comment_id', 'in', commentIds).orderBy('ma.id').execute();
  return rows.map(toEntry);
}

const moderationQuery = (db: Db) =>
  db
    .selectFrom('moderation_actions as ma')
    .select([
      'ma.id',
      'ma.comment_id',
      'ma.user_id',
      'ma.moderator_id',
      'ma.action',
      'ma.from_state',
      'ma.to_state',
      'ma.reason_code',
      'ma.note',
      'ma.created_at',
    ]);

type ModerationRow = Awaited<ReturnType<ReturnType<typeof moderationQuery>['execute']>>[number];

const toEntry = (r: ModerationRow): ModerationEntry => ({
  id: r.id,
  commentId: r.comment_id,
  userId: r.user_id,
  moderatorId: r.moderator_id,
  action: r.action,
  fromState: r.from_state,
  toState: r.to_state,
  reasonCode: r.reason_code,
  note: r.note,
  createdAt: r.created_at,
});

function groupBy<T, K>(items: T[], key: (item: T) => K) {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
