import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { PollStatus } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { audit } from '../audit/log.js';
import { conflict, forbidden, notFound } from '../http/errors.js';
import type { FilterRule } from '../moderation/filters.js';
import { appendEvent, writeTransaction } from '../realtime/outbox.js';
import { findPoll, publicEventPayload, viewerFor, type Poll } from './queries.js';

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 12;

const instant = z.iso.datetime({ offset: true, message: 'Ange en tidpunkt med tidszon, till exempel 2026-05-04T18:30:00+02:00.' });

export const NewPollSchema = z
  .object({
    question: z.string('Skriv en fråga.').trim().min(1, 'Skriv en fråga.').max(300, 'Frågan får vara högst 300 tecken.'),
    kind: z.enum(['single', 'multiple'], 'Välj om man får välja ett eller flera svar.'),
    options: z
      .array(z.string('Skriv svarsalternativet.').trim().min(1, 'Svarsalternativen får inte vara tomma.').max(200, 'Ett svarsalternativ får vara högst 200 tecken.'), 'Ange svarsalternativ.')
      .min(MIN_OPTIONS, `Ange minst ${MIN_OPTIONS} svarsalternativ.`)
      .max(MAX_OPTIONS, `Ange högst ${MAX_OPTIONS} svarsalternativ.`)
      .refine((labels) => new Set(labels.map((l) => l.toLocaleLowerCase('sv'))).size === labels.length, 'Två svarsalternativ är likadana.'),
    resultsVisibility: z.enum(['live', 'after_vote', 'after_close'], 'Välj när resultatet visas.').default('live'),
    allowOther: z.boolean().default(false),
    opensAt: instant.nullish(),
    closesAt: instant.nullish(),
  })
  .refine((p) => !p.opensAt || !p.closesAt || Date.parse(p.closesAt) > Date.parse(p.opensAt), {
    message: 'Frågan måste stänga efter att den öppnar.',
    path: ['closesAt'],
  });
export type NewPoll = z.infer<typeof NewPollSchema>;

export const PollStatusSchema = z.object({ status: z.enum(['open', 'closed'], 'Ange status open eller closed.') });

async function requireOfficial(db: Db, account: Account, consultationId: number) {
  const viewer = await viewerFor(db, account, consultationId);
  if (!viewer.official) throw forbidden('Bara tjänstepersoner i organisationerna bakom samrådet kan hantera frågor.');
}

/** A new poll in draft; it opens when an official opens it or its opening time comes. */
export async function createPoll(db: Db, account: Account, slug: string, input: NewPoll): Promise<Poll> {
  const consultation = await db.selectFrom('consultations').select(['id']).where('slug', '=', slug).executeTakeFirst();
  if (!consultation) throw notFound('Samrådet finns inte.');
  await requireOfficial(db, account, consultation.id);
  const pollId = await db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('polls')
      .values({
        consultation_id: consultation.id,
        question: input.question,
        kind: input.kind,
        results_visibility: input.resultsVisibility,
        allow_other: input.allowOther,
        opens_at: input.opensAt ?? null,
        closes_at: input.closesAt ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('poll_options')
      .values(input.options.map((label, i) => ({ poll_id: id, position: i + 1, label })))
      .execute();
    return id;
  });
  return (await findPoll(db, pollId)).poll;
}

const NEXT: Record<PollStatus, PollStatus[]> = { draft: ['open'], open: ['closed'], closed: [] };

/**
 * Opens or closes a poll for an official. Asking for the status it already
 * has changes nothing (a retried request is harmless); a closed poll stays
 * closed, so that a result once shown is final.
 */
export async function setPollStatus(db: Db, account: Account, pollId: number, status: 'open' | 'closed'): Promise<Poll> {
  const { poll, consultationStatus } = await findPoll(db, pollId);
  await requireOfficial(db, account, poll.consultationId);
  if (poll.status === status) return poll;
  if (!NEXT[poll.status].includes(status)) {
    throw conflict('invalid_transition', status === 'open' ? 'En stängd fråga kan inte öppnas igen.' : 'Frågan har inte öppnats än.');
  }
  if (status === 'open' && consultationStatus !== 'open') {
    throw conflict('consultation_not_open', 'Frågor kan bara öppnas när samrådet är öppet.');
  }
  return (await changeStatus(db, poll, status, account.id)) ?? (await findPoll(db, pollId)).poll;
}

/** The status change and its event in one transaction; undefined when someone else changed it first. */
async function changeStatus(db: Db, poll: Poll, status: PollStatus, actorId: number | null): Promise<Poll | undefined> {
  return writeTransaction(db, async (tx) => {
    const updated = await tx
      .updateTable('polls')
      .set({ status })
      .where('id', '=', poll.id)
      .where('status', '=', poll.status)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return undefined;
    const changed: Poll = { ...poll, status };
    await appendEvent(tx, poll.consultationId, 'poll:updated', await publicEventPayload(tx, changed));
    await audit(tx, actorId, status === 'open' ? 'poll.open' : 'poll.close', `poll:${poll.id}`, { consultationId: poll.consultationId });
    return changed;
  });
}

/**
 * The periodic job: opens drafts whose opening time has come (in open
 * consultations) and closes open polls whose closing time has passed or
 * whose consultation has closed. Safe to run on several nodes at once: each
 * change applies only from the status read.
 */
export async function runPollSchedule(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('polls')
    .innerJoin('consultations', 'consultations.id', 'polls.consultation_id')
    .select(['polls.id', 'polls.status'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('polls.status', '=', 'draft'),
          eb('polls.opens_at', '<=', now),
          eb.or([eb('polls.closes_at', 'is', null), eb('polls.closes_at', '>', now)]),
          eb('consultations.status', '=', 'open'),
        ]),
        eb.and([eb('polls.status', '=', 'open'), eb.or([eb('polls.closes_at', '<=', now), eb('consultations.status', '!=', 'open')])]),
      ]),
    )
    .orderBy('polls.id')
    .limit(100)
    .execute();
  let changed = 0;
  for (const { id, status } of due) {
    const { poll } = await findPoll(db, id);
    if (poll.status !== status) continue;
    if (await changeStatus(db, poll, status === 'draft' ? 'open' : 'closed', null)) changed += 1;
  }
  return changed;
}

export interface OtherAnswer {
  text: string;
  /** Filter rules the text tripped (personal data, the word list…): handle with care. */
  heldBy: FilterRule[];
  createdAt: string;
}

/**
 * The "other" free texts of a poll, for officials and moderators of the
 * consultation's organizations only: they are never published. Without the
 * voters' identities, as in the public results.
 */
export async function listOtherAnswers(db: Db, account: Account, pollId: number): Promise<OtherAnswer[]> {
  const { poll } = await findPoll(db, pollId);
  const viewer = await viewerFor(db, account, poll.consultationId);
  if (!viewer.official && !viewer.moderator) throw forbidden();
  const rows = await db
    .selectFrom('poll_ballots')
    .select(['other_text', 'other_held_by', 'created_at'])
    .where('poll_id', '=', pollId)
    .where('other_text', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ text: r.other_text!, heldBy: r.other_held_by as FilterRule[], createdAt: r.created_at.toISOString() }));
}
