import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import { AppError, forbidden, notFound } from '../http/errors.js';
import { EDIT_WINDOW_MS } from './view.js';

/** The acting user, refused if blocked. */
export async function requireParticipant(tx: Tx, userId: number) {
  const user = await tx.selectFrom('users').select(['id', 'blocked_at']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw forbidden();
  if (user.blocked_at) throw new AppError(403, 'blocked', 'Ditt konto är spärrat och kan inte delta i samråd.');
  return user;
}

export async function findConsultationBySlug(db: Db | Tx, slug: string) {
  const consultation = await db
    .selectFrom('consultations')
    .select(['id', 'status', 'moderation_mode', 'flag_threshold'])
    .where('slug', '=', slug)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!consultation) throw notFound('Samrådet finns inte.');
  return consultation;
}

export async function findConsultationById(tx: Tx, id: number) {
  return tx
    .selectFrom('consultations')
    .select(['id', 'status', 'moderation_mode', 'flag_threshold'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Only an open consultation takes comments, edits, support and flags. */
export function requireOpen(consultation: { status: string }) {
  if (consultation.status !== 'open') {
    throw new AppError(409, 'consultation_closed', 'Samrådet är inte öppet för synpunkter.');
  }
}

/** A comment row locked for the rest of the transaction. */
export async function lockComment(tx: Tx, id: number) {
  const comment = await tx
    .selectFrom('comments')
    .select([
      'id',
      'consultation_id',
      'author_id',
      'body',
      'state',
      'held_by',
      sql<boolean>`created_at > now() - make_interval(secs => ${EDIT_WINDOW_MS / 1000})`.as('within_edit_window'),
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!comment) throw notFound('Kommentaren finns inte.');
  return comment;
}

/** The word lists of every organization behind a consultation. */
export async function wordListOf(tx: Tx, consultationId: number) {
  const rows = await tx
    .selectFrom('consultation_organizations as co')
    .innerJoin('organizations as o', 'o.id', 'co.organization_id')
    .select('o.word_list')
    .where('co.consultation_id', '=', consultationId)
    .execute();
  return [...new Set(rows.flatMap((r) => r.word_list))];
}

export function notPublished() {
  return new AppError(409, 'comment_not_published', 'Kommentaren är inte publicerad.');
}
