import type { Tx } from '../../db/index.js';
import { announceQueueChange } from '../moderation/live.js';
import { appendEvent } from '../realtime/outbox.js';
import { loadComment } from './rows.js';
import { toPublicComment, type CommentRow } from './view.js';

/**
 * Appends the public event for a comment's new state and returns the row.
 * The payload is the view an anonymous reader gets: text only when published.
 */
export async function announceComment(tx: Tx, id: number, type: 'comment:created' | 'comment:updated'): Promise<CommentRow> {
  const row = await loadComment(tx, id);
  await appendEvent(tx, row.consultation_id, type, { comment: toPublicComment(row, null) });
  return row;
}

/**
 * Tells the moderators of the organizations behind the consultation what
 * became of a comment in their queue (server/moderation/live.ts): the whole
 * item while it waits there, only its id once it has left.
 */
export async function announceQueued(tx: Tx, commentId: number) {
  await announceQueueChange(tx, commentId, 'added');
}
