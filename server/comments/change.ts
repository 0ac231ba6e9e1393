import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { CommentState } from '../../db/schema.js';
import { conflict, forbidden } from '../http/errors.js';
import { screen } from '../moderation/filters.js';
import { writeTransaction } from '../realtime/outbox.js';
import { announceComment, announceQueued } from './events.js';
import { loadComment } from './rows.js';
import { findConsultationById, lockComment, requireOpen, requireParticipant, wordListOf } from './rules.js';
import type { CommentEdit } from './schemas.js';
import type { CommentRow, Viewer } from './view.js';

const EDITABLE: readonly CommentState[] = ['published', 'pending'];
// States the public room has been told about, and so must hear the end of.
const PUBLICLY_KNOWN: readonly CommentState[] = ['published', 'hidden'];

/**
 * The author changes the text within the edit window. The previous text is
 * kept in comment_revisions. The new text passes the filters again: a
 * published comment that now trips one goes back to review.
 */
export async function editComment(db: Db, actor: Viewer, commentId: number, input: CommentEdit): Promise<CommentRow> {
  return writeTransaction(db, async (tx) => {
    await requireParticipant(tx, actor.id);
    const comment = await lockComment(tx, commentId);
    if (comment.author_id !== actor.id) throw forbidden('Bara den som skrev kommentaren kan ändra den.');
    const consultation = await findConsultationById(tx, comment.consultation_id);
    requireOpen(consultation);
    if (!EDITABLE.includes(comment.state)) throw conflict('not_editable', 'Kommentaren kan inte längre ändras.');
    if (!comment.within_edit_window) {
      throw conflict('edit_window_closed', 'En kommentar kan bara ändras de första 15 minuterna efter att den skrevs.');
    }
    if (input.body === comment.body) return loadComment(tx, comment.id);

    const heldBy = screen(input.body, await wordListOf(tx, consultation.id));
    const nowHeld = comment.state === 'published' && heldBy.length > 0;
    await tx.insertInto('comment_revisions').values({ comment_id: comment.id, body: comment.body }).execute();
    await tx
      .updateTable('comments')
      .set({
        body: input.body,
        edited_at: sql`now()`,
        held_by: heldBy,
        ...(nowHeld ? { state: 'pending' as const } : {}),
      })
      .where('id', '=', comment.id)
      .execute();

    if (nowHeld) {
      await tx
        .insertInto('moderation_actions')
        .values({ comment_id: comment.id, action: 'hold', from_state: 'published', to_state: 'pending', reason_code: 'filter', note: heldBy.join(', ') })
        .execute();
    }
    if (nowHeld || comment.state === 'pending') await announceQueued(tx, comment.id);
    if (comment.state === 'published') return announceComment(tx, comment.id, 'comment:updated');
    return loadComment(tx, comment.id);
  });
}

/**
 * The author takes a comment back: the text is hidden from everyone else
 * but the row stays (comments are public records). Withdrawing twice is
 * harmless.
 */
export async function withdrawComment(db: Db, actor: Viewer, commentId: number): Promise<CommentRow> {
  return writeTransaction(db, async (tx) => {
    await requireParticipant(tx, actor.id);
    const comment = await lockComment(tx, commentId);
    if (comment.author_id !== actor.id) throw forbidden('Bara den som skrev kommentaren kan ta tillbaka den.');
    requireOpen(await findConsultationById(tx, comment.consultation_id));
    if (comment.state === 'withdrawn') return loadComment(tx, comment.id);

    await tx.updateTable('comments').set({ state: 'withdrawn', state_reason: null }).where('id', '=', comment.id).execute();
    await announceQueued(tx, comment.id);
    if (PUBLICLY_KNOWN.includes(comment.state)) return announceComment(tx, comment.id, 'comment:updated');
    return loadComment(tx, comment.id);
  });
}
