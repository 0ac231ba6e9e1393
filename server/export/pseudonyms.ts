import type { Db } from '../../db/index.js';

export interface People {
  /** "Deltagare 7": the same for a person in every export and summary of the consultation. */
  participant(userId: number): string;
  /** "Moderator 2", numbered the same way among the consultation's moderators. */
  moderator(userId: number): string;
  /** The display name, when real names were asked for; otherwise null. */
  name(userId: number): string | null;
}

/**
 * Numbers people by their first comment (or first moderation action) in the
 * consultation, whatever its state. New comments only add numbers at the end,
 * so a person keeps the same number in every export of this consultation,
 * while the number says nothing about who they are or what they are called
 * in another consultation.
 */
export async function peopleOf(db: Db, consultationId: number, { names }: { names: boolean }): Promise<People> {
  const [authors, moderators] = await Promise.all([
    db
      .selectFrom('comments as c')
      .innerJoin('users as u', 'u.id', 'c.author_id')
      .select((eb) => ['c.author_id as userId', eb.fn.min('c.id').as('first')])
      .$if(names, (qb) => qb.select('u.display_name'))
      .where('c.consultation_id', '=', consultationId)
      .groupBy(['c.author_id', 'u.display_name'])
      .orderBy('first')
      .execute(),
    db
      .selectFrom('moderation_actions as ma')
      .innerJoin('comments as c', 'c.id', 'ma.comment_id')
      .innerJoin('users as u', 'u.id', 'ma.moderator_id')
      .select((eb) => ['ma.moderator_id as userId', eb.fn.min('ma.id').as('first')])
      .$if(names, (qb) => qb.select('u.display_name'))
      .where('c.consultation_id', '=', consultationId)
      .groupBy(['ma.moderator_id', 'u.display_name'])
      .orderBy('first')
      .execute(),
  ]);
  const participants = new Map(authors.map((row, i) => [row.userId, i + 1]));
  const staff = new Map(moderators.map((row, i) => [row.userId!, i + 1]));
  const displayNames = new Map([...authors, ...moderators].map((row) => [row.userId!, row.display_name ?? null]));
  return {
    participant: (userId) => `Deltagare ${participants.get(userId) ?? '–'}`,
    moderator: (userId) => `Moderator ${staff.get(userId) ?? '–'}`,
    name: (userId) => (names ? (displayNames.get(userId) ?? null) : null),
  };
}
