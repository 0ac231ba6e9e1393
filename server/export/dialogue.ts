import type { Db } from '../../db/index.js';
import type { Consultation, PollKind, PollStatus, ResultsVisibility } from '../../db/schema.js';

export interface DialogueOrganization {
  id: number;
  slug: string;
  name: string;
  isLead: boolean;
}

export interface DialogueTopic {
  id: number;
  position: number;
  title: string;
  prompt: string;
}

export interface DialogueTheme {
  id: number;
  name: string;
  description: string;
  /** Tagged comments: published ones only, unless every state is asked for. */
  comments: number;
}

export interface PollResult {
  id: number;
  question: string;
  kind: PollKind;
  status: PollStatus;
  resultsVisibility: ResultsVisibility;
  options: Array<{ id: number; label: string }>;
  /** Absent in a public export while the results are held back until the poll closes. */
  results: { totalVotes: number; options: Array<{ id: number; label: string; votes: number }> } | null;
}

export interface Dialogue {
  organizations: DialogueOrganization[];
  topics: DialogueTopic[];
  themes: DialogueTheme[];
  polls: PollResult[];
}

/**
 * Everything about a consultation's dialogue except its comments, which are
 * paged (rows.ts). `publicOnly` leaves out what the public cannot see: draft
 * polls, results held back until a poll closes, and theme counts of
 * unpublished comments.
 */
export async function loadDialogue(db: Db, consultation: Pick<Consultation, 'id'>, { publicOnly }: { publicOnly: boolean }): Promise<Dialogue> {
  const [organizations, topics, themes, polls] = await Promise.all([
    db
      .selectFrom('consultation_organizations as co')
      .innerJoin('organizations as o', 'o.id', 'co.organization_id')
      .select(['o.id', 'o.slug', 'o.name', 'co.is_lead'])
      .where('co.consultation_id', '=', consultation.id)
      .orderBy('co.is_lead', 'desc')
      .orderBy('o.name')
      .execute(),
    db
      .selectFrom('topics')
      .select(['id', 'position', 'title', 'prompt'])
      .where('consultation_id', '=', consultation.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('themes as t')
      .select((eb) => [
        't.id',
        't.name',
        't.description',
        eb
          .selectFrom('comment_themes as ct')
          .innerJoin('comments as c', 'c.id', 'ct.comment_id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('ct.theme_id', '=', 't.id')
          .$if(publicOnly, (qb) => qb.where('c.state', '=', 'published'))
          .as('comments'),
      ])
      .where('t.consultation_id', '=', consultation.id)
      .orderBy('t.name')
      .execute(),
    loadPolls(db, consultation.id, publicOnly),
  ]);
  return {
    organizations: organizations.map((o) => ({ id: o.id, slug: o.slug, name: o.name, isLead: o.is_lead })),
    topics,
    themes: themes.map((t) => ({ id: t.id, name: t.name, description: t.description, comments: Number(t.comments ?? 0) })),
    polls,
  };
}

async function loadPolls(db: Db, consultationId: number, publicOnly: boolean): Promise<PollResult[]> {
  const polls = await db
    .selectFrom('polls as p')
    .select((eb) => [
      'p.id',
      'p.question',
      'p.kind',
      'p.status',
      'p.results_visibility',
      eb
        .selectFrom('poll_ballots as b')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('b.poll_id', '=', 'p.id')
        .where((e) => e.exists(e.selectFrom('poll_votes as v').select('v.option_id').whereRef('v.ballot_id', '=', 'b.id')))
        .as('ballots'),
    ])
    .where('p.consultation_id', '=', consultationId)
    .$if(publicOnly, (qb) => qb.where('p.status', '!=', 'draft'))
    .orderBy('p.id')
    .execute();
  if (polls.length === 0) return [];
  const options = await db
    .selectFrom('poll_options as o')
    .leftJoin('poll_votes as v', 'v.option_id', 'o.id')
    .select((eb) => ['o.id', 'o.poll_id', 'o.label', eb.fn.count<number>('v.ballot_id').as('votes')])
    .where(
      'o.poll_id',
      'in',
      polls.map((p) => p.id),
    )
    .groupBy(['o.id', 'o.poll_id', 'o.label', 'o.position'])
    .orderBy('o.poll_id')
    .orderBy('o.position')
    .execute();
  return polls.map((p) => {
    const counted = options.filter((o) => o.poll_id === p.id).map((o) => ({ id: o.id, label: o.label, votes: Number(o.votes) }));
    const withheld = publicOnly && p.status !== 'closed' && p.results_visibility === 'after_close';
    return {
      id: p.id,
      question: p.question,
      kind: p.kind,
      status: p.status,
      resultsVisibility: p.results_visibility,
      options: counted.map(({ id, label }) => ({ id, label })),
      results: withheld ? null : { totalVotes: Number(p.ballots ?? 0), options: counted },
    };
  });
}
