import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import type { Account } from '../auth/accounts.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';
import { moderatedOrganizationIds, requireModerationOf } from './access.js';
import type { BlockInput, UnblockInput } from './policy.js';

export interface BlockState {
  userId: number;
  blocked: boolean;
  blockedAt: string | null;
  reason: string | null;
}

/**
 * Blocks an account: it can still read but no longer write (the comment
 * capabilities refuse it with 403 `blocked`). A moderator may block the
 * authors of comments in consultations they moderate.
 */
export async function blockUser(db: Db, moderator: Account, userId: number, input: BlockInput): Promise<BlockState> {
  return writeTransaction(db, async (tx) => {
    const user = await lockUser(tx, userId);
    if (userId === moderator.id) throw badRequest('Du kan inte spärra ditt eget konto.');
    await requireModeratesAuthor(tx, moderator, userId, input.commentId ?? null);
    if (user.blocked_at) throw conflict('already_blocked', 'Kontot är redan spärrat.');
    const updated = await tx
      .updateTable('users')
      .set({ blocked_at: sql<Date>`now()`, blocked_reason: input.reason })
      .where('id', '=', userId)
      .returning(['blocked_at', 'blocked_reason'])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('moderation_actions')
      .values({
        user_id: userId,
        comment_id: input.commentId ?? null,
        moderator_id: moderator.id,
        action: 'block',
        reason_code: input.reason,
        note: input.note ?? null,
      })
      .execute();
    return { userId, blocked: true, blockedAt: updated.blocked_at?.toISOString() ?? null, reason: updated.blocked_reason };
  });
}

export async function unblockUser(db: Db, moderator: Account, userId: number, input: UnblockInput): Promise<BlockState> {
  return writeTransaction(db, async (tx) => {
    const user = await lockUser(tx, userId);
    await requireModeratesAuthor(tx, moderator, userId, null);
    if (!user.blocked_at) throw conflict('not_blocked', 'Kontot är inte spärrat.');
    await tx.updateTable('users').set({ blocked_at: null, blocked_reason: null }).where('id', '=', userId).execute();
    await tx
      .insertInto('moderation_actions')
      .values({ user_id: userId, moderator_id: moderator.id, action: 'unblock', reason_code: input.reason, note: input.note ?? null })
      .execute();
    return { userId, blocked: false, blockedAt: null, reason: null };
  });
}

async function lockUser(tx: Tx, userId: number) {
  const user = await tx.selectFrom('users').select(['id', 'blocked_at']).where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) throw notFound('Användaren finns inte.');
  return user;
}

/**
 * With a comment: it must be the user's, in a consultation the moderator
 * moderates. Without: the user must have written in at least one of them.
 */
async function requireModeratesAuthor(tx: Tx, moderator: Account, userId: number, commentId: number | null) {
  if (commentId !== null) {
    const comment = await tx.selectFrom('comments').select(['author_id', 'consultation_id']).where('id', '=', commentId).executeTakeFirst();
    if (!comment || comment.author_id !== userId) throw badRequest('Kommentaren är inte skriven av den användaren.', { commentId: 'Ange en av användarens kommentarer.' });
    await requireModerationOf(tx, moderator, comment.consultation_id);
    return;
  }
  const organizationIds = moderatedOrganizationIds(moderator);
  const wrote =
    organizationIds.length > 0 &&
    (await tx
      .selectFrom('comments as c')
      .innerJoin('consultation_organizations as co', 'co.consultation_id', 'c.consultation_id')
      .select('c.id')
      .where('c.author_id', '=', userId)
      .where('co.organization_id', 'in', organizationIds)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  if (!wrote) throw forbidden('Du kan bara spärra den som har skrivit i samråd som du modererar.');
}
