import type { Db } from '../../db/index.js';
import type { CommentState, ModerationActionKind, ReasonCode } from '../../db/schema.js';
import { explainHeldBy } from './filters.js';

/** A comment as its author sees it on their own page: its state and what moderation made of it. */
export interface OwnComment {
  id: number;
  consultation: { slug: string; title: string };
  topic: { id: number; title: string };
  body: string;
  state: CommentState;
  stateReason: string | null;
  /** Why a filter holds it, in plain Swedish; never which words. */
  heldExplanations: string[];
  createdAt: string;
  editedAt: string | null;
  /** A moderator's latest decision, if any. The moderator's note is internal and not shown. */
  outcome: { action: ModerationActionKind; reason: ReasonCode; createdAt: string } | null;
}

export async function ownComments(db: Db, userId: number, limit = 200): Promise<OwnComment[]> {
  const rows = await db
    .selectFrom('comments as c')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .innerJoin('topics as t', 't.id', 'c.topic_id')
    .select([
      'c.id',
      'c.body',
      'c.state',
      'c.state_reason',
      'c.held_by',
      'c.created_at',
      'c.edited_at',
      'k.slug',
      'k.title as consultation_title',
      't.id as topic_id',
      't.title as topic_title',
    ])
    .where('c.author_id', '=', userId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const outcomes = await db
    .selectFrom('moderation_actions')
    .distinctOn('comment_id')
    .select(['comment_id', 'action', 'reason_code', 'created_at'])
    .where(
      'comment_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('action', 'in', ['approve', 'hide', 'reject', 'restore'])
    .where('moderator_id', 'is not', null)
    .orderBy('comment_id')
    .orderBy('id', 'desc')
    .execute();
  const latest = new Map(outcomes.map((o) => [o.comment_id, o]));
  return rows.map((r) => {
    const outcome = latest.get(r.id);
    return {
      id: r.id,
      consultation: { slug: r.slug, title: r.consultation_title },
      topic: { id: r.topic_id, title: r.topic_title },
      body: r.body,
      state: r.state,
      stateReason: r.state === 'hidden' || r.state === 'rejected' ? r.state_reason : null,
      heldExplanations: r.state === 'pending' ? explainHeldBy(r.held_by) : [],
      createdAt: r.created_at.toISOString(),
      editedAt: r.edited_at ? r.edited_at.toISOString() : null,
      outcome: outcome ? { action: outcome.action, reason: outcome.reason_code, createdAt: outcome.created_at.toISOString() } : null,
    };
  });
}
