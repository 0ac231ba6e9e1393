import type { Tx } from '../../db/index.js';
import { appendEvent } from '../realtime/outbox.js';
import { organizationsBehind } from './access.js';
import { findQueueItem } from './queue.js';

export type QueueChange = 'added' | 'updated' | 'removed';

/**
 * Tells the moderators of every organization behind the consultation what
 * became of a comment in their queue: the full item while it is in the
 * queue, only its ids once it has left. server/realtime/routing.ts sends the
 * event to the rooms `moderators:<organizationId>` and drops organizationIds.
 */
export async function announceQueueChange(tx: Tx, commentId: number, change: Exclude<QueueChange, 'removed'> = 'updated') {
  const { consultation_id: consultationId } = await tx
    .selectFrom('comments')
    .select('consultation_id')
    .where('id', '=', commentId)
    .executeTakeFirstOrThrow();
  const item = await findQueueItem(tx, commentId);
  await appendEvent(tx, consultationId, 'moderation:queue', {
    organizationIds: await organizationsBehind(tx, consultationId),
    change: item ? change : 'removed',
    item: item ?? { commentId, consultationId },
  });
}
