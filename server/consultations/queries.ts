import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { ConsultationStatus, ModerationMode, ParticipationLevel } from '../../db/schema.js';
import { notFound } from '../http/errors.js';
import { consultationFields } from './fields.js';
import { keyFiguresOf, type KeyFigure } from '../keyfigures/queries.js';
import { publicPolls, type PublicPoll } from '../polls/queries.js';

export const ListFilterSchema = z.object({
  status: z.enum(['open', 'closed', 'archived'], 'status must be open, closed or archived').optional(),
  organization: z.string().max(100).optional(),
});
export type ListFilter = z.infer<typeof ListFilterSchema>;

export interface OrganizationRef {
  id: number;
  slug: string;
  name: string;
  isLead: boolean;
}

export interface ConsultationSummary {
  id: number;
  slug: string;
  title: string;
  summary: string;
  status: ConsultationStatus;
  opensAt: string | null;
  closesAt: string | null;
  organizations: OrganizationRef[];
  counts: { comments: number };
}

export interface ConsultationDetail extends ConsultationSummary {
  bodyMd: string;
  influenceMd: string;
  decidedMd: string;
  decisionMaker: string | null;
  decisionDate: string | null;
  participationLevel: ParticipationLevel;
  moderationMode: ModerationMode;
  flagThreshold: number;
  feedbackMd: string | null;
  feedbackPublishedAt: string | null;
  topics: Array<{ id: number; title: string; prompt: string }>;
  polls: PublicPoll[];
  keyFigures: KeyFigure[];
  counts: { comments: number; participants: number };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Consultations the public can see (never drafts), newest deadline last. */
export async function listConsultations(db: Db, filter: ListFilter = {}): Promise<ConsultationSummary[]> {
  let query = db
    .selectFrom('consultations as c')
    .select((eb) => [
      'c.id',
      'c.slug',
      'c.title',
      'c.summary',
      'c.status',
      'c.opens_at',
      'c.closes_at',
      eb
        .selectFrom('comments')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('comments.consultation_id', '=', 'c.id')
        .where('comments.state', '=', 'published')
        .as('comment_count'),
    ])
    .where('c.status', '!=', 'draft');
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.organization) {
    const slug = filter.organization;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('consultation_organizations as co')
          .innerJoin('organizations as o', 'o.id', 'co.organization_id')
          .whereRef('co.consultation_id', '=', 'c.id')
          .where('o.slug', '=', slug),
      ),
    );
  }
  const rows = await query.orderBy(sql`c.closes_at asc nulls last`).orderBy('c.id').execute();
  const organizations = await organizationsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    status: r.status,
    opensAt: iso(r.opens_at),
    closesAt: iso(r.closes_at),
    organizations: organizations.get(r.id) ?? [],
    counts: { comments: Number(r.comment_count ?? 0) },
  }));
}

export async function getConsultation(db: Db, slug: string): Promise<ConsultationDetail> {
  const c = await db.selectFrom('consultations').selectAll().where('slug', '=', slug).where('status', '!=', 'draft').executeTakeFirst();
  if (!c) throw notFound('Samrådet finns inte.');
  const [organizations, topics, counts, keyFigures] = await Promise.all([
    organizationsOf(db, [c.id]),
    db.selectFrom('topics').select(['id', 'title', 'prompt']).where('consultation_id', '=', c.id).orderBy('position').execute(),
    db
      .selectFrom('comments')
      .select((eb) => [eb.fn.countAll<number>().as('comments'), eb.fn.count<number>('author_id').distinct().as('participants')])
      .where('consultation_id', '=', c.id)
      .where('state', '=', 'published')
      .executeTakeFirstOrThrow(),
    keyFiguresOf(db, c.id),
  ]);
  return {
    ...consultationFields(c),
    organizations: organizations.get(c.id) ?? [],
    flagThreshold: c.flag_threshold,
    feedbackMd: c.feedback_published_at ? c.feedback_md : null,
    feedbackPublishedAt: iso(c.feedback_published_at),
    topics,
    polls: await publicPolls(db, c.id),
    keyFigures,
    counts: { comments: Number(counts.comments), participants: Number(counts.participants) },
  };
}

export async function organizationsOf(db: Db, consultationIds: number[]) {
  const byConsultation = new Map<number, OrganizationRef[]>();
  if (consultationIds.length === 0) return byConsultation;
  const rows = await db
    .selectFrom('consultation_organizations as co')
    .innerJoin('organizations as o', 'o.id', 'co.organization_id')
    .select(['co.consultation_id', 'o.id', 'o.slug', 'o.name', 'co.is_lead'])
    .where('co.consultation_id', 'in', consultationIds)
    .orderBy('co.is_lead', 'desc')
    .orderBy('o.name')
    .execute();
  for (const r of rows) {
    const list = byConsultation.get(r.consultation_id) ?? [];
    list.push({ id: r.id, slug: r.slug, name: r.name, isLead: r.is_lead });
    byConsultation.set(r.consultation_id, list);
  }
  return byConsultation;
}
