import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Consultation, ConsultationStatus, ModerationMode, ParticipationLevel, ReasonCode } from '../../db/schema.js';
import { loadDialogue } from '../export/dialogue.js';
import { peopleOf, type People } from '../export/pseudonyms.js';

// The dialogue summary (sammanställning): built once here and rendered by
// the page, the DOCX and the PDF. Quotes are published comments only, under
// the same pseudonyms as the exports.

export interface Quote {
  commentId: number;
  author: string;
  body: string;
  supportCount: number;
  createdAt: string;
}

export interface DialogueSummary {
  generatedAt: string;
  consultation: {
    id: number;
    slug: string;
    title: string;
    summary: string;
    status: ConsultationStatus;
    participationLevel: ParticipationLevel;
    moderationMode: ModerationMode;
    decisionMaker: string | null;
    decisionDate: string | null;
    opensAt: string | null;
    closesAt: string | null;
    organizations: Array<{ name: string; isLead: boolean }>;
  };
  participation: {
    /** People who commented (in any state) or voted. */
    participants: number;
    /** Published top-level comments and published replies. */
    comments: number;
    replies: number;
    votes: number;
    /** Published comments and replies per day (Swedish time), gaps filled with zero. */
    byDay: Array<{ date: string; count: number }>;
    /** Participants per home municipality; only for joint consultations. */
    byMunicipality: Array<{ municipality: string | null; participants: number }> | null;
  };
  topics: Array<{ id: number; title: string; comments: number; mostSupported: Quote[] }>;
  themes: Array<{ id: number; name: string; description: string; comments: number; quotes: Quote[] }>;
  polls: Array<{ id: number; question: string; status: string; totalVotes: number; options: Array<{ label: string; votes: number }> }>;
  moderation: {
    /** Waiting for a moderator now. */
    pending: number;
    /** Ever held by the automatic filters. */
    heldByFilters: number;
    hidden: number;
    rejected: number;
    withdrawn: number;
    /** Hidden and rejected comments by the moderator's reason. */
    byReason: Array<{ reason: ReasonCode; count: number }>;
  };
  feedback: { markdown: string; publishedAt: string } | null;
}

const MOST_SUPPORTED = 3;
const QUOTES_PER_THEME = 2;
const QUOTE_LENGTH = 400;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function buildSummary(db: Db, consultation: Consultation): Promise<DialogueSummary> {
  const id = consultation.id;
  const [dialogue, people, counts, byDay, participants, states, reasons] = await Promise.all([
    loadDialogue(db, consultation, { publicOnly: false }),
    peopleOf(db, id, { names: false }),
    db
      .selectFrom('comments')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('depth', '=', 0).as('comments'),
        eb.fn.countAll<number>().filterWhere('depth', '>', 0).as('replies'),
      ])
      .where('consultation_id', '=', id)
      .where('state', '=', 'published')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('comments')
      .select((eb) => [sql<string>`to_char(created_at at time zone 'Europe/Stockholm', 'YYYY-MM-DD')`.as('day'), eb.fn.countAll<number>().as('count')])
      .where('consultation_id', '=', id)
      .where('state', '=', 'published')
      .groupBy('day')
      .orderBy('day')
      .execute(),
    db
      .selectFrom('users as u')
      .select((eb) => ['u.home_municipality', eb.fn.countAll<number>().as('count')])
      .where('u.id', 'in', (eb) =>
        eb
          .selectFrom('comments')
          .select('author_id as user_id')
          .where('consultation_id', '=', id)
          .union(eb.selectFrom('poll_ballots as b').innerJoin('polls as p', 'p.id', 'b.poll_id').select('b.user_id').where('p.consultation_id', '=', id)),
      )
      .groupBy('u.home_municipality')
      .orderBy('count', 'desc')
      .orderBy('u.home_municipality')
      .execute(),
    db
      .selectFrom('comments')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('state', '=', 'pending').as('pending'),
        eb.fn.countAll<number>().filterWhere(sql<boolean>`cardinality(held_by) > 0`).as('held'),
        eb.fn.countAll<number>().filterWhere('state', '=', 'hidden').as('hidden'),
        eb.fn.countAll<number>().filterWhere('state', '=', 'rejected').as('rejected'),
        eb.fn.countAll<number>().filterWhere('state', '=', 'withdrawn').as('withdrawn'),
      ])
      .where('consultation_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('comments')
      .select((eb) => ['state_reason', eb.fn.countAll<number>().as('count')])
      .where('consultation_id', '=', id)
      .where('state', 'in', ['hidden', 'rejected'])
      .groupBy('state_reason')
      .orderBy('count', 'desc')
      .orderBy('state_reason')
      .execute(),
  ]);

  const topics = await Promise.all(
    dialogue.topics.map(async (topic) => {
      const [count, top] = await Promise.all([
        db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('topic_id', '=', topic.id)
          .where('state', '=', 'published')
          .executeTakeFirstOrThrow(),
        quotes(db, people, (qb) => qb.where('c.topic_id', '=', topic.id), MOST_SUPPORTED),
      ]);
      return { id: topic.id, title: topic.title, comments: Number(count.n), mostSupported: top };
    }),
  );
  const themes = await Promise.all(
    dialogue.themes.map(async (theme) => ({
      id: theme.id,
      name: theme.name,
      description: theme.description,
      comments: theme.comments,
      quotes: await quotes(
        db,
        people,
        (qb) => qb.where((eb) => eb.exists(eb.selectFrom('comment_themes as ct').select('ct.theme_id').whereRef('ct.comment_id', '=', 'c.id').where('ct.theme_id', '=', theme.id))),
        QUOTES_PER_THEME,
      ),
    })),
  );

  const isJoint = dialogue.organizations.length > 1;
  return {
    generatedAt: new Date().toISOString(),
    consultation: {
      id,
      slug: consultation.slug,
      title: consultation.title,
      summary: consultation.summary,
      status: consultation.status,
      participationLevel: consultation.participation_level,
      moderationMode: consultation.moderation_mode,
      decisionMaker: consultation.decision_maker,
      decisionDate: consultation.decision_date,
      opensAt: iso(consultation.opens_at),
      closesAt: iso(consultation.closes_at),
      organizations: dialogue.organizations.map((o) => ({ name: o.name, isLead: o.isLead })),
    },
    participation: {
      participants: participants.reduce((sum, row) => sum + Number(row.count), 0),
      comments: Number(counts.comments),
      replies: Number(counts.replies),
      votes: dialogue.polls.reduce((sum, poll) => sum + (poll.results?.totalVotes ?? 0), 0),
      byDay: fillDays(byDay.map((row) => ({ date: row.day, count: Number(row.count) }))),
      byMunicipality: isJoint ? participants.map((row) => ({ municipality: row.home_municipality, participants: Number(row.count) })) : null,
    },
    topics,
    themes: themes.sort((a, b) => b.comments - a.comments || a.name.localeCompare(b.name, 'sv')),
    polls: dialogue.polls
      .filter((poll) => poll.status !== 'draft')
      .map((poll) => ({
        id: poll.id,
        question: poll.question,
        status: poll.status,
        totalVotes: poll.results?.totalVotes ?? 0,
        options: (poll.results?.options ?? []).map((o) => ({ label: o.label, votes: o.votes })),
      })),
    moderation: {
      pending: Number(states.pending),
      heldByFilters: Number(states.held),
      hidden: Number(states.hidden),
      rejected: Number(states.rejected),
      withdrawn: Number(states.withdrawn),
      byReason: reasons.map((row) => ({ reason: (row.state_reason ?? 'other') as ReasonCode, count: Number(row.count) })),
    },
    feedback:
      consultation.feedback_md && consultation.feedback_published_at
        ? { markdown: consultation.feedback_md, publishedAt: consultation.feedback_published_at.toISOString() }
        : null,
  };
}

type CommentQuery = ReturnType<typeof publishedComments>;

const publishedComments = (db: Db) =>
  db
    .selectFrom('comments as c')
    .select(['c.id', 'c.author_id', 'c.body', 'c.support_count', 'c.created_at'])
    .where('c.state', '=', 'published');

async function quotes(db: Db, people: People, filter: (qb: CommentQuery) => CommentQuery, limit: number): Promise<Quote[]> {
  const rows = await filter(publishedComments(db)).orderBy('c.support_count', 'desc').orderBy('c.id').limit(limit).execute();
  return rows.map((row) => ({
    commentId: row.id,
    author: people.participant(row.author_id),
    body: row.body.length > QUOTE_LENGTH ? `${row.body.slice(0, QUOTE_LENGTH - 1).trimEnd()}…` : row.body,
    supportCount: row.support_count,
    createdAt: row.created_at.toISOString(),
  }));
}

/** Every day from the first to the last, so that a chart shows quiet days as quiet. */
function fillDays(days: Array<{ date: string; count: number }>) {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.date, d.count]));
  const filled: Array<{ date: string; count: number }> = [];
  const last = Date.parse(`${days[days.length - 1]!.date}T00:00:00Z`);
  for (let t = Date.parse(`${days[0]!.date}T00:00:00Z`); t <= last; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    filled.push({ date, count: counts.get(date) ?? 0 });
  }
  return filled;
}
