import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { CommentState, ModerationActionKind, ReasonCode } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { notFound } from '../http/errors.js';
import { requireModerationOf } from './access.js';

export interface LogEntry {
  id: number;
  action: ModerationActionKind;
  fromState: string | null;
  toState: string | null;
  reason: ReasonCode;
  note: string | null;
  createdAt: string;
  /** Null when the system acted (a filter or the flag threshold). */
  moderator: { id: number; displayName: string } | null;
  comment: { id: number; body: string; state: CommentState; authorId: number; authorName: string };
  /** The account a block or unblock concerned. */
  user: { id: number; displayName: string } | null;
}

export const LogQuerySchema = z.object({
  before: z.coerce.number('Ange ett id.').int('Ange ett id.').positive('Ange ett id.').optional(),
  limit: z.coerce.number('Ange ett antal mellan 1 och 500.').int().min(1, 'Ange ett antal mellan 1 och 500.').max(500, 'Ange ett antal mellan 1 och 500.').default(100),
});
export type LogQuery = z.infer<typeof LogQuerySchema>;

/**
 * What moderators (and the system) did to the comments of a consultation,
 * newest first, for its moderators, officials and admins. Read from the
 * append-only moderation_actions.
 */
export async function moderationLog(db: Db, account: Account, slug: string, query: LogQuery = { limit: 100 }) {
  const consultation = await db.selectFrom('consultations').select(['id', 'slug', 'title', 'status']).where('slug', '=', slug).executeTakeFirst();
  if (!consultation) throw notFound('Samrådet finns inte.');
  await requireModerationOf(db, account, consultation.id);
  let rows = db
    .selectFrom('moderation_actions as a')
    .innerJoin('comments as c', 'c.id', 'a.comment_id')
    .innerJoin('users as cu', 'cu.id', 'c.author_id')
    .leftJoin('users as m', 'm.id', 'a.moderator_id')
    .leftJoin('users as tu', 'tu.id', 'a.user_id')
    .select([
      'a.id',
      'a.action',
      'a.from_state',
      'a.to_state',
      'a.reason_code',
      'a.note',
      'a.created_at',
      'a.moderator_id',
      'm.display_name as moderator_name',
      'a.user_id',
      'tu.display_name as user_name',
      'c.id as comment_id',
      'c.body',
      'c.state',
      'c.author_id',
      'cu.display_name as author_name',
    ])
    .where('c.consultation_id', '=', consultation.id);
  if (query.before) rows = rows.where('a.id', '<', query.before);
  const entries: LogEntry[] = (await rows.orderBy('a.id', 'desc').limit(query.limit).execute()).map((r) => ({
    id: r.id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    reason: r.reason_code,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    moderator: r.moderator_id !== null ? { id: r.moderator_id, displayName: r.moderator_name ?? '' } : null,
    comment: { id: r.comment_id, body: r.body, state: r.state, authorId: r.author_id, authorName: r.author_name },
    user: r.user_id !== null ? { id: r.user_id, displayName: r.user_name ?? '' } : null,
  }));
  return { consultation: { id: consultation.id, slug: consultation.slug, title: consultation.title }, entries };
}
