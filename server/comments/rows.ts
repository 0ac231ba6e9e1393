import type { Db, Tx } from '../../db/index.js';
import { notFound } from '../http/errors.js';
import type { CommentRow } from './view.js';

/** Comments with what their public view needs: the author's name and whom a flattened reply answers. */
export function selectCommentRows(db: Db | Tx) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .leftJoin('comments as rt', 'rt.id', 'c.reply_to_id')
    .leftJoin('users as ru', 'ru.id', 'rt.author_id')
    .select([
      'c.id',
      'c.consultation_id',
      'c.topic_id',
      'c.parent_id',
      'c.reply_to_id',
      'c.depth',
      'c.author_id',
      'c.body',
      'c.state',
      'c.state_reason',
      'c.held_by',
      'c.support_count',
      'c.created_at',
      'c.edited_at',
      'c.published_at',
      'u.display_name as author_name',
      'ru.display_name as reply_to_author_name',
      'rt.state as reply_to_state',
    ]);
}

export async function loadComment(db: Db | Tx, id: number): Promise<CommentRow> {
  const row = await selectCommentRows(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Kommentaren finns inte.');
  return row;
}

/** Marks which rows the viewer supports. */
export async function withViewerSupports<R extends CommentRow>(db: Db | Tx, rows: R[], viewerId: number | undefined): Promise<R[]> {
  if (viewerId === undefined || rows.length === 0) return rows;
  const supported = await db
    .selectFrom('supports')
    .select('comment_id')
    .where('user_id', '=', viewerId)
    .where(
      'comment_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const ids = new Set(supported.map((s) => s.comment_id));
  return rows.map((r) => ({ ...r, supported_by_viewer: ids.has(r.id) }));
}
