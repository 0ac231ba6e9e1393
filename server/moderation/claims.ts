import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Account } from '../auth/accounts.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';
import { requireModerationOf } from './access.js';
import { announceQueueChange } from './live.js';
import { CLAIM_TTL_MS } from './policy.js';
import { findQueueItem } from './queue.js';

export interface Claim {
  commentId: number;
  moderatorId: number;
  expiresAt: string;
}

export function claimedBy(name: string) {
  return new AppError(409, 'claimed', `${name} handlägger redan den här synpunkten. Välj en annan eller vänta tills hen är klar.`);
}

/**
 * Takes (or renews) an item of the queue for this moderator for five
 * minutes, so that two moderators do not handle it at once. Refused while
 * another moderator's claim is live; a lapsed claim is simply taken over.
 */
export async function claimItem(db: Db, moderator: Account, commentId: number): Promise<Claim> {
  return writeTransaction(db, async (tx) => {
    const comment = await tx.selectFrom('comments').select(['id', 'consultation_id']).where('id', '=', commentId).forUpdate().executeTakeFirst();
    if (!comment) throw notFound('Kommentaren finns inte.');
    await requireModerationOf(tx, moderator, comment.consultation_id);
    if (!(await findQueueItem(tx, commentId))) throw conflict('not_in_queue', 'Synpunkten väntar inte längre på granskning.');
    const claim = await tx
      .insertInto('moderation_claims')
      .values({ comment_id: commentId, moderator_id: moderator.id, expires_at: sql<Date>`now() + make_interval(secs => ${CLAIM_TTL_MS / 1000})` })
      .onConflict((oc) =>
        oc
          .column('comment_id')
          .doUpdateSet((eb) => ({
            moderator_id: eb.ref('excluded.moderator_id'),
            claimed_at: sql<Date>`now()`,
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where((eb) =>
            eb.or([eb('moderation_claims.expires_at', '<=', sql<Date>`now()`), eb('moderation_claims.moderator_id', '=', moderator.id)]),
          ),
      )
      .returning(['comment_id', 'moderator_id', 'expires_at'])
      .executeTakeFirst();
    if (!claim) {
      const holder = await tx
        .selectFrom('moderation_claims as mc')
        .innerJoin('users as u', 'u.id', 'mc.moderator_id')
        .select('u.display_name')
        .where('mc.comment_id', '=', commentId)
        .executeTakeFirstOrThrow();
      throw claimedBy(holder.display_name);
    }
    await announceQueueChange(tx, commentId);
    return { commentId: claim.comment_id, moderatorId: claim.moderator_id, expiresAt: claim.expires_at.toISOString() };
  });
}

/** Gives an item back to the queue. Only one's own claim; releasing nothing is not an error. */
export async function releaseClaim(db: Db, moderator: Account, commentId: number): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const comment = await tx.selectFrom('comments').select(['id', 'consultation_id']).where('id', '=', commentId).executeTakeFirst();
    if (!comment) throw notFound('Kommentaren finns inte.');
    await requireModerationOf(tx, moderator, comment.consultation_id);
    const released = await tx
      .deleteFrom('moderation_claims')
      .where('comment_id', '=', commentId)
      .where('moderator_id', '=', moderator.id)
      .executeTakeFirst();
    if (Number(released.numDeletedRows) > 0) await announceQueueChange(tx, commentId);
  });
}
