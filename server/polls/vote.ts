import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import type { ConsultationStatus, PollStatus } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { AppError, badRequest, conflict } from '../http/errors.js';
import { LIMITS } from '../ratelimit/limiter.js';
import type { Services } from '../services.js';
import { screen } from '../moderation/filters.js';
import { appendEvent, lockEventOrder, writeTransaction } from '../realtime/outbox.js';
import { MAX_OPTIONS } from './manage.js';
import { countResults, findPoll, resultsArePublic, type Poll, type PollView } from './queries.js';

export const VoteSchema = z.object({
  optionIds: z
    .array(z.number('Svarsalternativen anges med sina id.').int().positive(), 'Välj ett svarsalternativ.')
    .max(MAX_OPTIONS, `Välj högst ${MAX_OPTIONS} svarsalternativ.`)
    .default([]),
  otherText: z
    .string()
    .trim()
    .max(500, 'Ditt eget svar får vara högst 500 tecken.')
    .optional()
    .transform((text) => text || undefined),
});
export type Vote = z.infer<typeof VoteSchema>;

/**
 * Casts or replaces the account's ballot in an open poll. The ballot, the new
 * totals and the `poll:updated` event are one transaction; the totals are
 * counted under the consultation's event lock, so every event reports all
 * votes committed before it and totals never go backwards.
 */
export async function castVote(db: Db, account: Account, pollId: number, input: Vote): Promise<PollView> {
  if (account.blocked) throw new AppError(403, 'blocked', 'Ditt konto är spärrat och kan inte rösta.');
  const { poll, consultationStatus } = await findPoll(db, pollId);
  requireOpen(poll.status, consultationStatus);
  const optionIds = [...new Set(input.optionIds)];
  validateChoice(poll, optionIds, input.otherText);

  const results = await writeTransaction(db, async (tx) => {
    const current = await tx
      .selectFrom('polls')
      .innerJoin('consultations', 'consultations.id', 'polls.consultation_id')
      .select(['polls.status', 'consultations.status as consultation_status'])
      .where('polls.id', '=', poll.id)
      .forShare()
      .executeTakeFirstOrThrow();
    requireOpen(current.status, current.consultation_status);

    const ballotId = await saveBallot(tx, poll, account.id, input.otherText);
    await tx.deleteFrom('poll_votes').where('ballot_id', '=', ballotId).execute();
    if (optionIds.length > 0) {
      await tx
        .insertInto('poll_votes')
        .values(optionIds.map((option_id) => ({ ballot_id: ballotId, poll_id: poll.id, option_id, poll_kind: poll.kind })))
        .execute();
    }

    await lockEventOrder(tx, poll.consultationId);
    const counted = await countResults(tx, poll);
    await appendEvent(tx, poll.consultationId, 'poll:updated', { poll, results: resultsArePublic(poll) ? counted : null });
    return counted;
  });

  const view: PollView = { poll, ballot: { optionIds: optionIds.sort((a, b) => a - b), otherText: input.otherText ?? null } };
  if (poll.resultsVisibility !== 'after_close') view.results = results;
  return view;
}

/** A vote from an HTTP request (API or form): the voter's rate limit first. */
export async function castVoteLimited(services: Pick<Services, 'db' | 'rateLimiter'>, account: Account, pollId: number, input: Vote) {
  await services.rateLimiter.hit(`votes:user:${account.id}`, LIMITS.votesPerUser);
  return castVote(services.db, account, pollId, input);
}

function requireOpen(pollStatus: PollStatus, consultationStatus: ConsultationStatus) {
  if (pollStatus !== 'open') throw conflict('poll_not_open', pollStatus === 'draft' ? 'Frågan är inte öppen än.' : 'Frågan är stängd.');
  if (consultationStatus !== 'open') throw conflict('poll_not_open', 'Samrådet är inte öppet.');
}

function validateChoice(poll: Poll, optionIds: number[], otherText: string | undefined) {
  const known = new Set(poll.options.map((o) => o.id));
  if (optionIds.some((id) => !known.has(id))) {
    throw badRequest('Svarsalternativet finns inte i frågan.', { optionIds: 'Svarsalternativet finns inte i frågan.' });
  }
  if (otherText && !poll.allowOther) {
    throw badRequest('Frågan tar inte emot egna svar.', { otherText: 'Frågan tar inte emot egna svar.' });
  }
  const answers = optionIds.length + (otherText ? 1 : 0);
  if (answers === 0) throw badRequest('Välj ett svarsalternativ.', { optionIds: 'Välj ett svarsalternativ.' });
  if (poll.kind === 'single' && answers > 1) {
    throw badRequest('Välj bara ett svarsalternativ.', { optionIds: 'Välj bara ett svarsalternativ.' });
  }
}

/**
 * One ballot per voter and poll (UNIQUE(poll_id, user_id)): voting again
 * updates it, and the row lock this takes queues a voter's concurrent retries.
 * The "other" text is screened by the comment filters and kept with what they found.
 */
async function saveBallot(tx: Tx, poll: Poll, userId: number, otherText: string | undefined) {
  const heldBy = otherText ? screen(otherText, await wordList(tx, poll.consultationId)) : [];
  const { id } = await tx
    .insertInto('poll_ballots')
    .values({ poll_id: poll.id, user_id: userId, other_text: otherText ?? null, other_held_by: heldBy })
    .onConflict((oc) =>
      oc.columns(['poll_id', 'user_id']).doUpdateSet((eb) => ({
        other_text: eb.ref('excluded.other_text'),
        other_held_by: eb.ref('excluded.other_held_by'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function wordList(tx: Tx, consultationId: number) {
  const rows = await tx
    .selectFrom('organizations')
    .innerJoin('consultation_organizations', 'consultation_organizations.organization_id', 'organizations.id')
    .select('organizations.word_list')
    .where('consultation_organizations.consultation_id', '=', consultationId)
    .execute();
  return rows.flatMap((r) => r.word_list);
}
