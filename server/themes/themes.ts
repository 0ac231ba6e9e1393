import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { Account } from '../auth/accounts.js';
import { requireManagement, requireManagementById } from '../consultations/access.js';
import { isUniqueViolation } from '../db-errors.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';

// Officials code the published comments of a consultation with themes of
// their own (many to many) for the summary. Coding is internal work: it is
// never shown to the public and sends no live events.

const NO_NUL = /^[^\u0000]*$/;
const MAX_ID = 2_147_483_647;
const id = (message: string) => z.coerce.number(message).int(message).positive(message).max(MAX_ID, message);

export const ThemeSchema = z.strictObject({
  name: z.string('Ange ett namn.').regex(NO_NUL, 'Namnet innehåller ogiltiga tecken.').trim().min(1, 'Ange ett namn.').max(80, 'Namnet får vara högst 80 tecken.'),
  description: z
    .string('Beskrivningen ska vara text.')
    .regex(NO_NUL, 'Beskrivningen innehåller ogiltiga tecken.')
    .trim()
    .max(500, 'Beskrivningen får vara högst 500 tecken.')
    .default(''),
});
export const ThemeChangesSchema = ThemeSchema.partial();
export const CommentThemesSchema = z.strictObject({
  themeIds: z.array(z.number('Ange teman med deras id.').int().positive().max(MAX_ID), 'Ange teman som en lista.').max(50, 'Högst 50 teman.'),
});

export const CodingFilterSchema = z.object({
  topic: id('Ange frågan med dess id.').optional(),
  theme: id('Ange temat med dess id.').optional(),
  untagged: z
    .enum(['true', 'false', '1', '0', 'on'], 'untagged ska vara true eller false.')
    .transform((v) => v === 'true' || v === '1' || v === 'on')
    .optional(),
  minSupport: z.coerce.number('Ange ett heltal.').int().min(0, 'Minst 0.').max(1_000_000).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type CodingFilter = z.infer<typeof CodingFilterSchema>;

/** A comment or theme id from a form field. */
export const FormIdSchema = id('Ogiltigt id.');

export interface Theme {
  id: number;
  name: string;
  description: string;
  commentCount: number;
}

export interface CodingComment {
  id: number;
  topicId: number;
  topicTitle: string;
  parentId: number | null;
  body: string;
  supportCount: number;
  createdAt: string;
  themeIds: number[];
}

export const CODING_PAGE_SIZE = 50;

async function themesOf(db: Db, consultationId: number): Promise<Theme[]> {
  const rows = await db
    .selectFrom('themes as t')
    .select((eb) => [
      't.id',
      't.name',
      't.description',
      eb.selectFrom('comment_themes as ct').select((e) => e.fn.countAll<number>().as('n')).whereRef('ct.theme_id', '=', 't.id').as('comments'),
    ])
    .where('t.consultation_id', '=', consultationId)
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, commentCount: Number(r.comments ?? 0) }));
}

export async function listThemes(db: Db, account: Account, slug: string) {
  const { consultation } = await requireManagement(db, account, slug);
  return themesOf(db, consultation.id);
}

const themeTaken = () => conflict('theme_exists', 'Det finns redan ett tema med det namnet.', { name: 'Namnet används redan i samrådet.' });

export async function createTheme(db: Db, account: Account, slug: string, input: z.infer<typeof ThemeSchema>): Promise<Theme> {
  const { consultation } = await requireManagement(db, account, slug);
  try {
    const theme = await db
      .insertInto('themes')
      .values({ consultation_id: consultation.id, name: input.name, description: input.description })
      .returning(['id', 'name', 'description'])
      .executeTakeFirstOrThrow();
    return { ...theme, commentCount: 0 };
  } catch (error) {
    if (isUniqueViolation(error)) throw themeTaken();
    throw error;
  }
}

async function requireTheme(db: Db, account: Account, themeId: number) {
  const theme = await db.selectFrom('themes').selectAll().where('id', '=', themeId).executeTakeFirst();
  if (!theme) throw notFound('Temat finns inte.');
  await requireManagementById(db, account, theme.consultation_id);
  return theme;
}

export async function updateTheme(db: Db, account: Account, themeId: number, changes: z.infer<typeof ThemeChangesSchema>): Promise<Theme> {
  const theme = await requireTheme(db, account, themeId);
  if (changes.name !== undefined || changes.description !== undefined) {
    try {
      await db.updateTable('themes').set(changes).where('id', '=', theme.id).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw themeTaken();
      throw error;
    }
  }
  return (await themesOf(db, theme.consultation_id)).find((t) => t.id === theme.id)!;
}

/** Removes a theme and its tags; the comments themselves are untouched. */
export async function deleteTheme(db: Db, account: Account, themeId: number) {
  const theme = await requireTheme(db, account, themeId);
  await db.deleteFrom('themes').where('id', '=', theme.id).execute();
}

/**
 * Makes the comment's themes exactly the given ones. Only published
 * comments are coded, and only with themes of the comment's consultation.
 */
export async function setCommentThemes(db: Db, account: Account, commentId: number, themeIds: number[]) {
  const wanted = [...new Set(themeIds)];
  return writeTransaction(db, async (tx) => {
    const comment = await tx.selectFrom('comments').select(['id', 'consultation_id', 'state']).where('id', '=', commentId).executeTakeFirst();
    if (!comment) throw notFound('Synpunkten finns inte.');
    await requireManagementById(tx, account, comment.consultation_id);
    if (comment.state !== 'published') throw conflict('not_published', 'Bara publicerade synpunkter kan kodas.');
    if (wanted.length > 0) {
      const valid = await tx.selectFrom('themes').select('id').where('consultation_id', '=', comment.consultation_id).where('id', 'in', wanted).execute();
      const unknown = wanted.filter((id) => !valid.some((t) => t.id === id));
      if (unknown.length > 0) throw badRequest('Ett tema hör inte till samrådet.', { themeIds: `Okända teman: ${unknown.join(', ')}.` });
    }
    let removal = tx.deleteFrom('comment_themes').where('comment_id', '=', comment.id);
    if (wanted.length > 0) removal = removal.where('theme_id', 'not in', wanted);
    await removal.execute();
    if (wanted.length > 0) {
      await tx
        .insertInto('comment_themes')
        .values(wanted.map((theme_id) => ({ comment_id: comment.id, theme_id, tagged_by: account.id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { commentId: comment.id, themeIds: wanted.sort((a, b) => a - b) };
  });
}

/** Published comments to code, newest first, with the filters of the coding view. */
export async function codingList(db: Db, account: Account, slug: string, filter: CodingFilter) {
  const { consultation } = await requireManagement(db, account, slug);
  let query = db
    .selectFrom('comments as c')
    .innerJoin('topics as t', 't.id', 'c.topic_id')
    .select(['c.id', 'c.topic_id', 't.title as topic_title', 'c.parent_id', 'c.body', 'c.support_count', 'c.created_at'])
    .where('c.consultation_id', '=', consultation.id)
    .where('c.state', '=', 'published');
  if (filter.topic) query = query.where('c.topic_id', '=', filter.topic);
  if (filter.minSupport) query = query.where('c.support_count', '>=', filter.minSupport);
  if (filter.theme) {
    const theme = filter.theme;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('comment_themes as ct').select(sql`1`.as('one')).whereRef('ct.comment_id', '=', 'c.id').where('ct.theme_id', '=', theme)),
    );
  }
  if (filter.untagged) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('comment_themes as ct').select(sql`1`.as('one')).whereRef('ct.comment_id', '=', 'c.id'))),
    );
  }
  const offset = (filter.page - 1) * CODING_PAGE_SIZE;
  const rows = await query
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(CODING_PAGE_SIZE + 1)
    .offset(offset)
    .execute();
  const page = rows.slice(0, CODING_PAGE_SIZE);
  const tags =
    page.length === 0
      ? []
      : await db.selectFrom('comment_themes').select(['comment_id', 'theme_id']).where('comment_id', 'in', page.map((r) => r.id)).orderBy('theme_id').execute();
  const comments: CodingComment[] = page.map((r) => ({
    id: r.id,
    topicId: r.topic_id,
    topicTitle: r.topic_title,
    parentId: r.parent_id,
    body: r.body,
    supportCount: r.support_count,
    createdAt: r.created_at.toISOString(),
    themeIds: tags.filter((t) => t.comment_id === r.id).map((t) => t.theme_id),
  }));
  return { themes: await themesOf(db, consultation.id), comments, hasMore: rows.length > CODING_PAGE_SIZE };
}
