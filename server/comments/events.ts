import type { Tx } from '../../db/index.js';
import { appendEvent } from '../realtime/outbox.js';
import { loadComment } from './rows.js';
import { toPublicComment, type CommentRow } from './view.js';

export type QueueReason = 'pending' | 'held' | 'flagged';

/**
 * Appends the public event for a comment's new state and returns the row.
 * The payload is the view an anonymous reader gets: text only when published.
 */
export async function announceComment(tx: Tx, id: number, type: 'comment:created' | 'comment:updated'): Promise<CommentRow> {
  const row = await loadComment(tx, id);
  await appendEvent(tx, row.consultation_id, type, { comment: toPublicComment(row, null) });
  return row;
}

/** Tells moderators (server/realtime/routing.ts) that a comment waits for them. */
export async function announceQueued(tx: Tx, consultationId: number, commentId: number, reason: QueueReason) {
  await appendEvent(tx, consultationId, 'moderation:queue', { item: { commentId, reason }, change: 'added' });
}
