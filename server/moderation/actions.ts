import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import type { CommentState } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { announceComment } from '../comments/events.js';
import { loadComment } from '../comments/rows.js';
import { toPublicComment, type PublicComment } from '../comments/view.js';
import { conflict, notFound } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';
import { requireModerationOf } from './access.js';
import { claimedBy } from './claims.js';
import { announceQueueChange } from './live.js';
import { TRANSITIONS, type ModerationInput } from './policy.js';

export interface ModerationOutcome {
  comment: PublicComment;
  action: { id: number; action: string; fromState: string; toState: string; reason: string; createdAt: string };
}

const ACTION_LABELS: Record<ModerationInput['action'], string> = {
  approve: 'godkännas',
  hide: 'döljas',
  reject: 'avvisas',
  restore: 'återställas',
};

const STATE_LABELS: Record<CommentState, string> = {
  pending: 'väntar på granskning',
  published: 'är publicerad',
  hidden: 'är dold',
  rejected: 'är avvisad',
  withdrawn: 'är återtagen av skribenten',
};

/**
 * Approve, hide, reject or restore a comment. One transaction: the state
 * change, exactly one row in moderation_actions, its open flags resolved,
 * any claim on it released, and the live events for readers and moderators.
 */
export async function moderateComment(db: Db, moderator: Account, commentId: number, input: ModerationInput): Promise<ModerationOutcome> {
  return writeTransaction(db, async (tx) => {
    const comment = await tx
      .selectFrom('comments')
      .select(['id', 'consultation_id', 'state', 'published_at'])
      .where('id', '=', commentId)
      .forUpdate()
      .executeTakeFirst();
    if (!comment) throw notFound('Kommentaren finns inte.');
    await requireModerationOf(tx, moderator, comment.consultation_id);
    await refuseOthersClaim(tx, commentId, moderator.id);

    const transition = TRANSITIONS[input.action];
    const openFlags = await countOpenFlags(tx, commentId);
    const allowed = transition.from.includes(comment.state) && (comment.state !== transition.to || openFlags > 0);
    if (!allowed) {
      throw conflict(
        'invalid_transition',
        `Kommentaren ${STATE_LABELS[comment.state]} och kan inte ${ACTION_LABELS[input.action]}.`,
      );
    }

    const to = transition.to;
    await tx
      .updateTable('comments')
      .set({ state: to, state_reason: to === 'published' ? null : input.reason })
      .where('id', '=', commentId)
      .execute();
    const logged = await tx
      .insertInto('moderation_actions')
      .values({
        comment_id: commentId,
        moderator_id: moderator.id,
        action: input.action,
        from_state: comment.state,
        to_state: to,
        reason_code: input.reason,
        note: input.note ?? null,
      })
      .returning(['id', 'action', 'from_state', 'to_state', 'reason_code', 'created_at'])
      .executeTakeFirstOrThrow();
    if (openFlags > 0) {
      await tx
        .updateTable('flags')
        .set({ resolved_at: sql<Date>`now()`, resolution: input.action })
        .where('comment_id', '=', commentId)
        .where('resolved_at', 'is', null)
        .execute();
    }
    await tx.deleteFrom('moderation_claims').where('comment_id', '=', commentId).execute();

    // Readers hear of a comment once it has been published, and from then on of every change.
    const everPublished = comment.published_at !== null;
    const row =
      to === 'published' || everPublished
        ? await announceComment(tx, commentId, everPublished ? 'comment:updated' : 'comment:created')
        : await loadComment(tx, commentId);
    await announceQueueChange(tx, commentId);
    return {
      comment: toPublicComment(row, null),
      action: {
        id: logged.id,
        action: logged.action,
        fromState: logged.from_state ?? comment.state,
        toState: logged.to_state ?? to,
        reason: logged.reason_code,
        createdAt: logged.created_at.toISOString(),
      },
    };
  });
}

async function countOpenFlags(tx: Tx, commentId: number) {
  const { n } = await tx
    .selectFrom('flags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', commentId)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Another moderator's live claim keeps everyone else off the item until it lapses. */
async function refuseOthersClaim(tx: Tx, commentId: number, moderatorId: number) {
  const claim = await tx
    .selectFrom('moderation_claims as mc')
    .innerJoin('users as u', 'u.id', 'mc.moderator_id')
    .select(['mc.moderator_id', 'u.display_name'])
    .where('mc.comment_id', '=', commentId)
    .where('mc.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (claim && claim.moderator_id !== moderatorId) throw claimedBy(claim.display_name);
}
