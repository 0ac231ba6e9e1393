import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

export interface ParticipantFeedback {
  slug: string;
  title: string;
  feedbackMd: string;
  feedbackPublishedAt: string;
}

/**
 * Published feedback of every consultation the person took part in, by a
 * comment (in any state: a withdrawn or rejected comment was still taking
 * part) or a poll vote; newest feedback first.
 */
export async function feedbackForParticipant(db: Db, userId: number): Promise<ParticipantFeedback[]> {
  const rows = await db
    .selectFrom('consultations as c')
    .select(['c.slug', 'c.title', 'c.feedback_md', 'c.feedback_published_at'])
    .where('c.feedback_published_at', 'is not', null)
    .where('c.status', '!=', 'draft')
    .where(({ or, exists, selectFrom }) =>
      or([
        exists(selectFrom('comments as m').select(sql`1`.as('one')).whereRef('m.consultation_id', '=', 'c.id').where('m.author_id', '=', userId)),
        exists(
          selectFrom('poll_ballots as b')
            .innerJoin('polls as p', 'p.id', 'b.poll_id')
            .select(sql`1`.as('one'))
            .whereRef('p.consultation_id', '=', 'c.id')
            .where('b.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('c.feedback_published_at', 'desc')
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    feedbackMd: r.feedback_md ?? '',
    feedbackPublishedAt: r.feedback_published_at!.toISOString(),
  }));
}
