import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { conflict } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';
import { announceComment, announceQueued } from './events.js';
import { findConsultationById, lockComment, notPublished, requireOpen, requireParticipant } from './rules.js';
import type { NewFlag } from './schemas.js';
import type { Viewer } from './view.js';

export interface Flag {
  id: number;
  commentId: number;
  reason: NewFlag['reason'];
  note: string | null;
  createdAt: string;
}

/**
 * A reader reports a comment, once. When the open flags from different
 * people reach the consultation's threshold, the comment is hidden until a
 * moderator decides, and the hiding is logged like a moderator's action.
 */
export async function flagComment(db: Db, actor: Viewer, commentId: number, input: NewFlag): Promise<Flag> {
  return writeTransaction(db, async (tx) => {
    await requireParticipant(tx, actor.id);
    const comment = await lockComment(tx, commentId);
    const consultation = await findConsultationById(tx, comment.consultation_id);
    requireOpen(consultation);
    if (comment.state !== 'published') throw notPublished();

    const flag = await tx
      .insertInto('flags')
      .values({ comment_id: commentId, reporter_id: actor.id, reason: input.reason, note: input.note || null })
      .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
      .returning(['id', 'reason', 'note', 'created_at'])
      .executeTakeFirst();
    if (!flag) throw conflict('already_flagged', 'Du har redan anmält den här kommentaren.');
    await tx
      .updateTable('comments')
      .set({ flag_count: sql`flag_count + 1` })
      .where('id', '=', commentId)
      .execute();

    const { open } = await tx
      .selectFrom('flags')
      .select((eb) => eb.fn.countAll<number>().as('open'))
      .where('comment_id', '=', commentId)
      .where('resolved_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(open) >= consultation.flag_threshold) {
      await tx.updateTable('comments').set({ state: 'hidden', state_reason: 'flagged' }).where('id', '=', commentId).execute();
      await tx
        .insertInto('moderation_actions')
        .values({ comment_id: commentId, moderator_id: null, action: 'hide', from_state: 'published', to_state: 'hidden', reason_code: 'flagged' })
        .execute();
      await announceComment(tx, commentId, 'comment:updated');
    }
    await announceQueued(tx, commentId);
    return { id: flag.id, commentId, reason: flag.reason, note: flag.note, createdAt: flag.created_at.toISOString() };
  });
}
