import type { Db, Tx } from '../../db/index.js';
import type { CommentState } from '../../db/schema.js';
import { badRequest, conflict } from '../http/errors.js';
import { screen } from '../moderation/filters.js';
import { writeTransaction } from '../realtime/outbox.js';
import { announceComment, announceQueued } from './events.js';
import { loadComment } from './rows.js';
import { findConsultationBySlug, requireOpen, requireParticipant, wordListOf } from './rules.js';
import type { NewComment } from './schemas.js';
import type { CommentRow, Viewer } from './view.js';

/** Replies nest this deep; a reply to a comment at this depth is attached beside it. */
export const MAX_DEPTH = 3;

export interface CommentInput extends NewComment {
  slug: string;
  idempotencyKey?: string;
}

export interface Created {
  comment: CommentRow;
  /** False when an earlier request with the same Idempotency-Key already created it. */
  created: boolean;
}

/**
 * Writes a comment or a reply. The same Idempotency-Key from the same author
 * returns the first comment, also when the retries race each other: the
 * unique (author_id, idempotency_key) decides, and the loser reads the winner.
 */
export async function createComment(db: Db, actor: Viewer, input: CommentInput): Promise<Created> {
  return writeTransaction(db, async (tx) => {
    await requireParticipant(tx, actor.id);
    const earlier = await findByIdempotencyKey(tx, actor.id, input.idempotencyKey);
    if (earlier) return { comment: earlier, created: false };

    const consultation = await findConsultationBySlug(tx, input.slug);
    requireOpen(consultation);
    const topic = await tx
      .selectFrom('topics')
      .select('id')
      .where('id', '=', input.topicId)
      .where('consultation_id', '=', consultation.id)
      .executeTakeFirst();
    if (!topic) throw badRequest('Frågan finns inte i det här samrådet.', { topicId: 'Frågan finns inte i det här samrådet.' });
    const place = input.parentId ? await replyPlace(tx, consultation.id, topic.id, input.parentId) : { parent_id: null, depth: 0, reply_to_id: null };

    const heldBy = screen(input.body, await wordListOf(tx, consultation.id));
    const state: CommentState = consultation.moderation_mode === 'pre' || heldBy.length > 0 ? 'pending' : 'published';
    const inserted = await tx
      .insertInto('comments')
      .values({
        consultation_id: consultation.id,
        topic_id: topic.id,
        ...place,
        author_id: actor.id,
        body: input.body,
        state,
        state_reason: null,
        held_by: heldBy,
        idempotency_key: input.idempotencyKey ?? null,
      })
      .onConflict((oc) => oc.columns(['author_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { comment: (await findByIdempotencyKey(tx, actor.id, input.idempotencyKey))!, created: false };

    if (state === 'published') {
      return { comment: await announceComment(tx, inserted.id, 'comment:created'), created: true };
    }
    if (heldBy.length > 0) {
      await tx
        .insertInto('moderation_actions')
        .values({ comment_id: inserted.id, action: 'hold', from_state: null, to_state: 'pending', reason_code: 'filter', note: heldBy.join(', ') })
        .execute();
    }
    await announceQueued(tx, inserted.id);
    return { comment: await loadComment(tx, inserted.id), created: true };
  });
}

async function findByIdempotencyKey(tx: Tx, authorId: number, key: string | undefined) {
  if (key === undefined) return undefined;
  const row = await tx
    .selectFrom('comments')
    .select('id')
    .where('author_id', '=', authorId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? loadComment(tx, row.id) : undefined;
}

/**
 * Where a reply goes. Threads nest to MAX_DEPTH; a reply to a comment at
 * that depth becomes its sibling and remembers whom it answers.
 */
async function replyPlace(tx: Tx, consultationId: number, topicId: number, parentId: number) {
  const parent = await tx
    .selectFrom('comments')
    .select(['id', 'consultation_id', 'topic_id', 'parent_id', 'depth', 'state'])
    .where('id', '=', parentId)
    .executeTakeFirst();
  if (!parent || parent.consultation_id !== consultationId || parent.topic_id !== topicId) {
    const message = 'Kommentaren du svarar på finns inte under den här frågan.';
    throw badRequest(message, { parentId: message });
  }
  if (parent.state !== 'published') {
    throw conflict('parent_unavailable', 'Kommentaren du svarar på är inte längre publicerad.');
  }
  if (parent.depth < MAX_DEPTH) return { parent_id: parent.id, depth: parent.depth + 1, reply_to_id: null };
  return { parent_id: parent.parent_id, depth: MAX_DEPTH, reply_to_id: parent.id };
}
