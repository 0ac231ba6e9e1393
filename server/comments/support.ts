import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import { writeTransaction } from '../realtime/outbox.js';
import { announceComment } from './events.js';
import { loadComment, withViewerSupports } from './rows.js';
import { findConsultationById, lockComment, notPublished, requireOpen, requireParticipant } from './rules.js';
import type { CommentRow, Viewer } from './view.js';

/** Adds the user's support; supporting again changes nothing. */
export function supportComment(db: Db, actor: Viewer, commentId: number): Promise<CommentRow> {
  return changeSupport(db, actor, commentId, async (tx) => {
    const added = await tx
      .insertInto('supports')
      .values({ comment_id: commentId, user_id: actor.id })
      .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
      .returning('comment_id')
      .executeTakeFirst();
    return added ? 1 : 0;
  });
}

/** Takes the user's support back; without support, nothing changes. */
export function unsupportComment(db: Db, actor: Viewer, commentId: number): Promise<CommentRow> {
  return changeSupport(db, actor, commentId, async (tx) => {
    const removed = await tx
      .deleteFrom('supports')
      .where('comment_id', '=', commentId)
      .where('user_id', '=', actor.id)
      .returning('comment_id')
      .executeTakeFirst();
    return removed ? -1 : 0;
  });
}

async function changeSupport(db: Db, actor: Viewer, commentId: number, change: (tx: Tx) => Promise<number>) {
  const row = await writeTransaction(db, async (tx) => {
    await requireParticipant(tx, actor.id);
    // The row lock orders concurrent changes, so each event carries a count
    // at least as new as the one before it.
    const comment = await lockComment(tx, commentId);
    requireOpen(await findConsultationById(tx, comment.consultation_id));
    if (comment.state !== 'published') throw notPublished();
    const delta = await change(tx);
    if (delta === 0) return loadComment(tx, commentId);
    await tx
      .updateTable('comments')
      .set({ support_count: sql`support_count + ${delta}` })
      .where('id', '=', commentId)
      .execute();
    return announceComment(tx, commentId, 'comment:updated');
  });
  const [withSupport] = await withViewerSupports(db, [row], actor.id);
  return withSupport!;
}
