import type { Db } from '../../db/index.js';
import type { ConsultationStatus, PollKind, PollStatus, ResultsVisibility } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { notFound } from '../http/errors.js';

export interface PollOption {
  id: number;
  label: string;
}

export interface Poll {
  id: number;
  consultationId: number;
  question: string;
  kind: PollKind;
  status: PollStatus;
  resultsVisibility: ResultsVisibility;
  allowOther: boolean;
  opensAt: string | null;
  closesAt: string | null;
  options: PollOption[];
}

export interface PollResults {
  /** Ballots cast: one per voter, whatever they chose. */
  totalVotes: number;
  options: Array<PollOption & { votes: number }>;
  /** Ballots with an "other" answer; only on polls that allow one. */
  otherVotes?: number;
}

export interface Ballot {
  optionIds: number[];
  otherText: string | null;
}

/** A poll as one viewer may see it: results only when they are visible to that viewer. */
export interface PollView {
  poll: Poll;
  results?: PollResults;
  ballot?: Ballot;
}

/** Who is asking: staff of the consultation's organizations see more. */
export interface Viewer {
  userId: number | null;
  official: boolean;
  moderator: boolean;
}

export const ANONYMOUS: Viewer = { userId: null, official: false, moderator: false };

const iso = (value: Date | null) => (value ? value.toISOString() : null);

type PollRow = {
  id: number;
  consultation_id: number;
  question: string;
  kind: PollKind;
  status: PollStatus;
  results_visibility: ResultsVisibility;
  allow_other: boolean;
  opens_at: Date | null;
  closes_at: Date | null;
};

const POLL_COLUMNS = [
  'polls.id',
  'polls.consultation_id',
  'polls.question',
  'polls.kind',
  'polls.status',
  'polls.results_visibility',
  'polls.allow_other',
  'polls.opens_at',
  'polls.closes_at',
] as const;

function toPoll(row: PollRow, options: PollOption[]): Poll {
  return {
    id: row.id,
    consultationId: row.consultation_id,
    question: row.question,
    kind: row.kind,
    status: row.status,
    resultsVisibility: row.results_visibility,
    allowOther: row.allow_other,
    opensAt: iso(row.opens_at),
    closesAt: iso(row.closes_at),
    options,
  };
}

/** Results everyone may see: a live poll once it is open, any poll once it is closed. */
export function resultsArePublic(poll: Pick<Poll, 'status' | 'resultsVisibility'>) {
  return poll.status === 'closed' || (poll.status === 'open' && poll.resultsVisibility === 'live');
}

function resultsVisibleTo(poll: Poll, viewer: Viewer, voted: boolean) {
  if (viewer.official || viewer.moderator || resultsArePublic(poll)) return true;
  return poll.resultsVisibility === 'after_vote' && voted && poll.status !== 'draft';
}

/** The viewer's roles in the organizations behind a consultation. */
export async function viewerFor(db: Db, account: Account | undefined, consultationId: number): Promise<Viewer> {
  if (!account) return ANONYMOUS;
  const organizations = await db
    .selectFrom('consultation_organizations')
    .select('organization_id')
    .where('consultation_id', '=', consultationId)
    .execute();
  const ids = new Set(organizations.map((o) => o.organization_id));
  const roles = new Set(account.memberships.filter((m) => ids.has(m.organizationId)).map((m) => m.role));
  return { userId: account.id, official: roles.has('official'), moderator: roles.has('moderator') };
}

export async function pollOptions(db: Db, pollIds: number[]) {
  const byPoll = new Map<number, PollOption[]>();
  if (pollIds.length === 0) return byPoll;
  const rows = await db
    .selectFrom('poll_options')
    .select(['id', 'poll_id', 'label'])
    .where('poll_id', 'in', pollIds)
    .orderBy('poll_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = byPoll.get(row.poll_id) ?? [];
    list.push({ id: row.id, label: row.label });
    byPoll.set(row.poll_id, list);
  }
  return byPoll;
}

/** Counts a poll's ballots. Inside a vote's transaction, call it after lockEventOrder. */
export async function countResults(db: Db, poll: Poll): Promise<PollResults> {
  const [votes, ballots] = await Promise.all([
    db
      .selectFrom('poll_votes')
      .select(['option_id', (eb) => eb.fn.countAll<number>().as('votes')])
      .where('poll_id', '=', poll.id)
      .groupBy('option_id')
      .execute(),
    db
      .selectFrom('poll_ballots')
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('other_text').as('other')])
      .where('poll_id', '=', poll.id)
      .executeTakeFirstOrThrow(),
  ]);
  const byOption = new Map(votes.map((v) => [v.option_id, Number(v.votes)]));
  return {
    totalVotes: Number(ballots.total),
    options: poll.options.map((o) => ({ ...o, votes: byOption.get(o.id) ?? 0 })),
    ...(poll.allowOther ? { otherVotes: Number(ballots.other) } : {}),
  };
}

/** What the consultation's live room is told: results only when everyone may see them. */
export async function publicEventPayload(db: Db, poll: Poll) {
  return { poll, results: resultsArePublic(poll) ? await countResults(db, poll) : null };
}

/** A poll by id, or a 404; drafts and polls of draft consultations only for staff. */
export async function findPoll(db: Db, pollId: number): Promise<{ poll: Poll; consultationStatus: ConsultationStatus; consultationSlug: string }> {
  const row = await db
    .selectFrom('polls')
    .innerJoin('consultations', 'consultations.id', 'polls.consultation_id')
    .select([...POLL_COLUMNS, 'consultations.status as consultation_status', 'consultations.slug as consultation_slug'])
    .where('polls.id', '=', pollId)
    .executeTakeFirst();
  if (!row) throw notFound('Frågan finns inte.');
  const options = await pollOptions(db, [row.id]);
  return { poll: toPoll(row, options.get(row.id) ?? []), consultationStatus: row.consultation_status, consultationSlug: row.consultation_slug };
}

export function hiddenFrom(viewer: Viewer, poll: Poll, consultationStatus: ConsultationStatus) {
  const staff = viewer.official || viewer.moderator;
  return !staff && (poll.status === 'draft' || consultationStatus === 'draft');
}

async function ballotOf(db: Db, pollId: number, userId: number): Promise<Ballot | undefined> {
  const ballot = await db
    .selectFrom('poll_ballots')
    .select(['id', 'other_text'])
    .where('poll_id', '=', pollId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!ballot) return undefined;
  const votes = await db.selectFrom('poll_votes').select('option_id').where('ballot_id', '=', ballot.id).orderBy('option_id').execute();
  return { optionIds: votes.map((v) => v.option_id), otherText: ballot.other_text };
}

/** One poll as the viewer may see it (GET /api/v1/polls/:id). */
export async function viewPoll(db: Db, poll: Poll, viewer: Viewer): Promise<PollView> {
  const ballot = viewer.userId ? await ballotOf(db, poll.id, viewer.userId) : undefined;
  const view: PollView = { poll };
  if (resultsVisibleTo(poll, viewer, ballot !== undefined)) view.results = await countResults(db, poll);
  if (ballot) view.ballot = ballot;
  return view;
}

/** A consultation's polls for the viewer, newest first; drafts only for staff who ask for them. */
export async function viewPolls(db: Db, consultationId: number, viewer: Viewer, { includeDrafts = true } = {}): Promise<PollView[]> {
  const polls = await listPolls(db, consultationId, includeDrafts && (viewer.official || viewer.moderator));
  return Promise.all(polls.map((poll) => viewPoll(db, poll, viewer)));
}

export async function listPolls(db: Db, consultationId: number, includeDrafts: boolean): Promise<Poll[]> {
  let query = db.selectFrom('polls').select(POLL_COLUMNS).where('consultation_id', '=', consultationId);
  if (!includeDrafts) query = query.where('status', '!=', 'draft');
  const rows = await query.orderBy('id', 'desc').execute();
  const options = await pollOptions(db, rows.map((r) => r.id));
  return rows.map((row) => toPoll(row, options.get(row.id) ?? []));
}

export type PublicPoll = Poll & { results?: PollResults };

/** The polls in the public consultation detail, with results where everyone may see them. */
export async function publicPolls(db: Db, consultationId: number): Promise<PublicPoll[]> {
  const polls = await listPolls(db, consultationId, false);
  return Promise.all(polls.map(async (poll) => (resultsArePublic(poll) ? { ...poll, results: await countResults(db, poll) } : poll)));
}
