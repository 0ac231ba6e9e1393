import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import type { Consultation, ConsultationStatus, ConsultationUpdate, ModerationMode, ParticipationLevel } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { audit, consultationTarget } from '../audit/log.js';
import { isUniqueViolation } from '../db-errors.js';
import { badRequest, conflict, forbidden } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';
import { officialOrganizationIds, requireManagement, type Management } from './access.js';
import { consultationFields } from './fields.js';
import { changeStatus, TRANSITIONS } from './lifecycle.js';
import { organizationsOf, type OrganizationRef } from './queries.js';

const PARTICIPATION_LEVELS = ['inform', 'consult', 'dialogue', 'influence', 'co_decide'] as const;
const STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

// Postgres text cannot hold NUL: refuse it here rather than fail in the database.
const NO_NUL = /^[^\u0000]*$/;
const limited = (max: number, what: string) =>
  z.string(`${what} ska vara text.`).max(max, `${what} får vara högst ${max} tecken.`).regex(NO_NUL, `${what} innehåller ogiltiga tecken.`);
const organizationSlug = (message: string) => z.string(message).max(100).regex(SLUG, 'Okänt kortnamn för en organisation.');
const moment = z.iso
  .datetime({ offset: true, error: 'Ange tiden som ISO 8601 med tidszon, till exempel 2026-05-01T09:00:00+02:00.' })
  .transform((value) => new Date(value))
  .nullable();

export const TopicInputSchema = z.strictObject({
  id: z.number('Frågans id ska vara ett tal.').int().positive().optional(),
  title: limited(200, 'Frågan').trim().min(1, 'Skriv frågan.'),
  prompt: limited(1000, 'Förklaringen').trim().default(''),
});

const editable = {
  title: limited(200, 'Rubriken').trim().min(1, 'Ange en rubrik.'),
  slug: z.string('Adressen ska vara text.').trim().max(80, 'Adressen får vara högst 80 tecken.').regex(SLUG, 'Adressen får bara innehålla a–z, 0–9 och bindestreck.'),
  summary: limited(600, 'Sammanfattningen').trim(),
  bodyMd: limited(30_000, 'Bakgrunden'),
  influenceMd: limited(10_000, 'Texten om vad som går att påverka'),
  decidedMd: limited(10_000, 'Texten om vad som redan är beslutat'),
  decisionMaker: limited(200, 'Beslutsfattaren').trim().nullable().transform((v) => v || null),
  decisionDate: z.iso.date('Ange datumet som ÅÅÅÅ-MM-DD.').nullable(),
  participationLevel: z.enum(PARTICIPATION_LEVELS, 'Välj en nivå på delaktighetstrappan.'),
  opensAt: moment,
  closesAt: moment,
  openOnSchedule: z.boolean('Ange sant eller falskt.'),
  moderationMode: z.enum(['pre', 'post'], 'Välj förhandsgranskning (pre) eller granskning i efterhand (post).'),
  flagThreshold: z.number('Ange ett heltal.').int('Ange ett heltal.').min(1, 'Minst 1.').max(100, 'Högst 100.'),
  topics: z.array(TopicInputSchema, 'Frågorna ska vara en lista.').max(30, 'Högst 30 frågor.'),
  partnerOrganizations: z
    .array(organizationSlug('Ange organisationer med deras kortnamn.'), 'Ange organisationerna som en lista.')
    .max(20, 'Högst 20 organisationer.'),
};

export const CreateConsultationSchema = z.strictObject({
  ...editable,
  slug: editable.slug.optional(),
  leadOrganization: organizationSlug('Ange den ansvariga organisationens kortnamn.').optional(),
  summary: editable.summary.default(''),
  bodyMd: editable.bodyMd.default(''),
  influenceMd: editable.influenceMd.default(''),
  decidedMd: editable.decidedMd.default(''),
  decisionMaker: editable.decisionMaker.optional(),
  decisionDate: editable.decisionDate.optional(),
  participationLevel: editable.participationLevel.default('consult'),
  opensAt: editable.opensAt.optional(),
  closesAt: editable.closesAt.optional(),
  openOnSchedule: editable.openOnSchedule.default(false),
  moderationMode: editable.moderationMode.default('post'),
  flagThreshold: editable.flagThreshold.default(3),
  topics: editable.topics.default([]),
  partnerOrganizations: editable.partnerOrganizations.default([]),
});

export const UpdateConsultationSchema = z.strictObject({
  ...z.object(editable).partial().shape,
  status: z.enum(STATUSES, 'Status ska vara draft, open, closed eller archived.').optional(),
  feedbackMd: limited(30_000, 'Återkopplingen').optional(),
  publishFeedback: z.boolean('Ange sant eller falskt.').optional(),
});
export type ConsultationChanges = z.infer<typeof UpdateConsultationSchema>;

export interface ManagedTopic {
  id: number;
  title: string;
  prompt: string;
  /** Comments in any state: a topic that has any cannot be removed. */
  commentCount: number;
}

/** What officials see and edit, drafts included. */
export interface ManagedConsultation {
  id: number;
  slug: string;
  title: string;
  summary: string;
  bodyMd: string;
  influenceMd: string;
  decidedMd: string;
  decisionMaker: string | null;
  decisionDate: string | null;
  participationLevel: ParticipationLevel;
  status: ConsultationStatus;
  nextStatuses: readonly ConsultationStatus[];
  opensAt: string | null;
  closesAt: string | null;
  openOnSchedule: boolean;
  moderationMode: ModerationMode;
  flagThreshold: number;
  feedbackMd: string | null;
  feedbackPublishedAt: string | null;
  organizations: OrganizationRef[];
  topics: ManagedTopic[];
  createdAt: string;
  updatedAt: string;
}

export interface ManagedSummary {
  id: number;
  slug: string;
  title: string;
  status: ConsultationStatus;
  opensAt: string | null;
  closesAt: string | null;
  openOnSchedule: boolean;
  organizations: OrganizationRef[];
  counts: { comments: number; pending: number };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Swedish letters become their base letter; anything else not a-z0-9 a dash. */
export function slugify(title: string) {
  const slug = title
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return slug || 'samrad';
}

async function freeSlug(tx: Tx, base: string) {
  const taken = new Set(
    (
      await tx
        .selectFrom('consultations')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const slugTaken = () =>
  conflict('slug_taken', 'Det finns redan ett samråd med den adressen.', { slug: 'Adressen används redan. Välj en annan.' });

/**
 * Creates a draft. The creator must be an official of the lead
 * organization; partners are any other organizations, whose officials may
 * then manage the consultation too.
 */
export async function createConsultation(db: Db, account: Account, input: z.infer<typeof CreateConsultationSchema>): Promise<ManagedConsultation> {
  const officialOf = officialOrganizationIds(account);
  if (officialOf.length === 0) throw forbidden('Bara tjänstepersoner kan skapa samråd.');
  checkPeriod(input.opensAt ?? null, input.closesAt ?? null);
  if (input.openOnSchedule && !input.opensAt) throw badRequest('Ange när samrådet ska öppna.', { opensAt: 'Ange när samrådet ska öppna.' });

  const id = await writeTransaction(db, async (tx) => {
    const lead = await resolveLead(tx, account, officialOf, input.leadOrganization);
    const partners = (await resolveOrganizations(tx, input.partnerOrganizations)).filter((o) => o.id !== lead);
    const slug = input.slug ?? (await freeSlug(tx, slugify(input.title)));
    let consultation: { id: number };
    try {
      consultation = await tx
        .insertInto('consultations')
        .values({
          slug,
          title: input.title,
          summary: input.summary,
          body_md: input.bodyMd,
          influence_md: input.influenceMd,
          decided_md: input.decidedMd,
          decision_maker: input.decisionMaker ?? null,
          decision_date: input.decisionDate ?? null,
          participation_level: input.participationLevel,
          opens_at: input.opensAt ?? null,
          closes_at: input.closesAt ?? null,
          open_on_schedule: input.openOnSchedule,
          moderation_mode: input.moderationMode,
          flag_threshold: input.flagThreshold,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    }
    await tx
      .insertInto('consultation_organizations')
      .values([
        { consultation_id: consultation.id, organization_id: lead, is_lead: true },
        ...partners.map((o) => ({ consultation_id: consultation.id, organization_id: o.id, is_lead: false })),
      ])
      .execute();
    if (input.topics.length > 0) {
      await tx
        .insertInto('topics')
        .values(input.topics.map((t, i) => ({ consultation_id: consultation.id, position: i + 1, title: t.title, prompt: t.prompt })))
        .execute();
    }
    await audit(tx, account.id, 'consultation.create', consultationTarget(consultation.id), {
      slug,
      organizations: [lead, ...partners.map((o) => o.id)],
    });
    return consultation.id;
  });
  return managedView(db, id);
}

async function resolveLead(tx: Tx, account: Account, officialOf: number[], slug: string | undefined) {
  if (!slug) {
    if (officialOf.length === 1) return officialOf[0]!;
    throw badRequest('Välj vilken organisation som är ansvarig.', { leadOrganization: 'Välj den ansvariga organisationen.' });
  }
  const [organization] = await resolveOrganizations(tx, [slug], 'leadOrganization');
  if (!account.memberships.some((m) => m.role === 'official' && m.organizationId === organization!.id)) {
    throw forbidden('Du kan bara skapa samråd där din egen organisation är ansvarig.');
  }
  return organization!.id;
}

async function resolveOrganizations(tx: Tx, slugs: string[], field = 'partnerOrganizations') {
  const unique = [...new Set(slugs)];
  if (unique.length === 0) return [];
  const found = await tx.selectFrom('organizations').select(['id', 'slug']).where('slug', 'in', unique).execute();
  const missing = unique.filter((s) => !found.some((o) => o.slug === s));
  if (missing.length > 0) throw badRequest(`Organisationen finns inte: ${missing.join(', ')}.`, { [field]: `Okänd organisation: ${missing.join(', ')}.` });
  return unique.map((s) => found.find((o) => o.slug === s)!);
}

function checkPeriod(opensAt: Date | null, closesAt: Date | null) {
  if (opensAt && closesAt && closesAt <= opensAt) {
    throw badRequest('Samrådet måste sluta efter att det har börjat.', { closesAt: 'Slutet måste ligga efter starten.' });
  }
}

/**
 * Applies an official's changes in one transaction: fields, topics,
 * organizations, feedback and last the status, so that one request can
 * give a closed consultation a new end date and open it again.
 */
export async function updateConsultation(db: Db, account: Account, slug: string, changes: ConsultationChanges): Promise<ManagedConsultation> {
  const id = await writeTransaction(db, async (tx) => {
    const management = await requireManagement(tx, account, slug, { forUpdate: true });
    const current = management.consultation;
    if (current.status === 'archived') throw conflict('archived', 'Samrådet är arkiverat och kan inte ändras.');
    const now = new Date();

    if (current.status !== 'draft' && changes.opensAt && changes.opensAt > now) {
      throw badRequest('Samrådet har redan öppnat.', { opensAt: 'Starten kan inte flyttas framåt när samrådet redan har öppnat.' });
    }
    const set = await fieldChanges(tx, current, changes);
    const edited: Consultation = { ...current, ...(set as Partial<Consultation>) };
    checkPeriod(edited.opens_at, edited.closes_at);
    if (changes.openOnSchedule && edited.status !== 'draft') {
      throw conflict('not_draft', 'Bara ett utkast kan öppnas enligt schema.', { openOnSchedule: 'Samrådet är redan öppnat.' });
    }
    if (edited.open_on_schedule && !edited.opens_at) throw badRequest('Ange när samrådet ska öppna.', { opensAt: 'Ange när samrådet ska öppna.' });
    if (Object.keys(set).length > 0) await tx.updateTable('consultations').set({ ...set, updated_at: now }).where('id', '=', current.id).execute();

    if (changes.topics) await replaceTopics(tx, current.id, changes.topics);
    if (changes.partnerOrganizations) await replacePartners(tx, account, management, changes.partnerOrganizations);
    await applyFeedback(tx, account, edited, changes, now);
    if (changes.status) await changeStatus(tx, edited, changes.status, account.id, now);
    return current.id;
  });
  return managedView(db, id);
}

async function fieldChanges(tx: Tx, current: Consultation, changes: ConsultationChanges): Promise<ConsultationUpdate> {
  const set: ConsultationUpdate = {};
  if (changes.slug !== undefined && changes.slug !== current.slug) {
    if (current.status !== 'draft') throw conflict('slug_locked', 'Adressen kan bara ändras medan samrådet är ett utkast.', { slug: 'Adressen är låst när samrådet har öppnats.' });
    const taken = await tx.selectFrom('consultations').select('id').where('slug', '=', changes.slug).executeTakeFirst();
    if (taken) throw slugTaken();
    set.slug = changes.slug;
  }
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.summary !== undefined) set.summary = changes.summary;
  if (changes.bodyMd !== undefined) set.body_md = changes.bodyMd;
  if (changes.influenceMd !== undefined) set.influence_md = changes.influenceMd;
  if (changes.decidedMd !== undefined) set.decided_md = changes.decidedMd;
  if (changes.decisionMaker !== undefined) set.decision_maker = changes.decisionMaker;
  if (changes.decisionDate !== undefined) set.decision_date = changes.decisionDate;
  if (changes.participationLevel !== undefined) set.participation_level = changes.participationLevel;
  if (changes.opensAt !== undefined) set.opens_at = changes.opensAt;
  if (changes.closesAt !== undefined) set.closes_at = changes.closesAt;
  if (changes.openOnSchedule !== undefined) set.open_on_schedule = changes.openOnSchedule;
  if (changes.moderationMode !== undefined) set.moderation_mode = changes.moderationMode;
  if (changes.flagThreshold !== undefined) set.flag_threshold = changes.flagThreshold;
  return set;
}

/**
 * Makes the topics exactly the given list, in its order. Listed topics
 * with an id are edited, those without are added, and topics left out are
 * removed unless someone has commented on them.
 */
async function replaceTopics(tx: Tx, consultationId: number, topics: z.infer<typeof TopicInputSchema>[]) {
  const existing = await tx
    .selectFrom('topics as t')
    .select((eb) => [
      't.id',
      't.title',
      eb.selectFrom('comments').select((e) => e.fn.countAll<number>().as('n')).whereRef('comments.topic_id', '=', 't.id').as('comments'),
    ])
    .where('t.consultation_id', '=', consultationId)
    .execute();
  const known = new Set(existing.map((t) => t.id));
  const kept = new Set<number>();
  topics.forEach((t, i) => {
    if (t.id === undefined) return;
    if (!known.has(t.id) || kept.has(t.id)) throw badRequest('En fråga hör inte till samrådet.', { [`topics.${i}.id`]: 'Okänd fråga.' });
    kept.add(t.id);
  });
  const removed = existing.filter((t) => !kept.has(t.id));
  const inUse = removed.find((t) => Number(t.comments) > 0);
  if (inUse) {
    throw conflict('topic_in_use', `Frågan ”${inUse.title}” har synpunkter och kan inte tas bort.`, { topics: 'En fråga med synpunkter kan inte tas bort.' });
  }
  if (removed.length > 0) await tx.deleteFrom('topics').where('id', 'in', removed.map((t) => t.id)).execute();
  // Positions are unique per consultation: park the kept ones out of the way first.
  if (kept.size > 0) await tx.updateTable('topics').set({ position: sql<number>`-position` }).where('id', 'in', [...kept]).execute();
  for (const [i, t] of topics.entries()) {
    if (t.id === undefined) {
      await tx.insertInto('topics').values({ consultation_id: consultationId, position: i + 1, title: t.title, prompt: t.prompt }).execute();
    } else {
      await tx.updateTable('topics').set({ position: i + 1, title: t.title, prompt: t.prompt }).where('id', '=', t.id).execute();
    }
  }
}

async function replacePartners(tx: Tx, account: Account, management: Management, slugs: string[]) {
  if (!management.isLeadOfficial) throw forbidden('Bara den ansvariga organisationens tjänstepersoner kan ändra vilka organisationer som är med.');
  const consultationId = management.consultation.id;
  const lead = management.organizations.find((o) => o.isLead)!;
  const wanted = (await resolveOrganizations(tx, slugs)).filter((o) => o.id !== lead.id);
  const current = management.organizations.filter((o) => !o.isLead);
  const added = wanted.filter((o) => !current.some((c) => c.id === o.id));
  const removed = current.filter((c) => !wanted.some((o) => o.id === c.id));
  if (added.length === 0 && removed.length === 0) return;
  if (removed.length > 0) {
    await tx
      .deleteFrom('consultation_organizations')
      .where('consultation_id', '=', consultationId)
      .where('organization_id', 'in', removed.map((o) => o.id))
      .execute();
  }
  if (added.length > 0) {
    await tx
      .insertInto('consultation_organizations')
      .values(added.map((o) => ({ consultation_id: consultationId, organization_id: o.id, is_lead: false })))
      .execute();
  }
  await audit(tx, account.id, 'consultation.organizations', consultationTarget(consultationId), {
    added: added.map((o) => o.slug),
    removed: removed.map((o) => o.slug),
  });
}

/**
 * Feedback is a draft until it is published; once published, a changed
 * text is public at once, so it counts as publishing again.
 */
async function applyFeedback(tx: Tx, account: Account, consultation: Consultation, changes: ConsultationChanges, now: Date) {
  const text = changes.feedbackMd === undefined ? consultation.feedback_md : changes.feedbackMd.trim() || null;
  const changed = changes.feedbackMd !== undefined && text !== consultation.feedback_md;
  const publish = changes.publishFeedback === true || (changed && consultation.feedback_published_at !== null);
  if (!changed && !publish) return;
  if (publish) {
    if (consultation.status === 'draft') {
      throw conflict('not_open', 'Återkoppling kan publiceras först när samrådet har öppnats.', { feedbackMd: 'Öppna samrådet först.' });
    }
    if (!text) throw badRequest('Skriv återkopplingen innan du publicerar den.', { feedbackMd: 'Skriv återkopplingen.' });
  }
  await tx
    .updateTable('consultations')
    .set({ feedback_md: text, ...(publish ? { feedback_published_at: now } : {}), updated_at: now })
    .where('id', '=', consultation.id)
    .execute();
  if (publish) {
    await audit(tx, account.id, 'consultation.feedback.publish', consultationTarget(consultation.id), {
      republished: consultation.feedback_published_at !== null,
    });
  }
}

export async function getManagedConsultation(db: Db, account: Account, slug: string): Promise<ManagedConsultation> {
  const { consultation } = await requireManagement(db, account, slug);
  return managedView(db, consultation.id);
}

async function managedView(db: Db, consultationId: number): Promise<ManagedConsultation> {
  const c = await db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirstOrThrow();
  const [organizations, topics] = await Promise.all([
    organizationsOf(db, [c.id]),
    db
      .selectFrom('topics as t')
      .select((eb) => [
        't.id',
        't.title',
        't.prompt',
        eb.selectFrom('comments').select((e) => e.fn.countAll<number>().as('n')).whereRef('comments.topic_id', '=', 't.id').as('comments'),
      ])
      .where('t.consultation_id', '=', c.id)
      .orderBy('t.position')
      .execute(),
  ]);
  return {
    ...consultationFields(c),
    nextStatuses: TRANSITIONS[c.status],
    openOnSchedule: c.open_on_schedule,
    flagThreshold: c.flag_threshold,
    feedbackMd: c.feedback_md,
    feedbackPublishedAt: iso(c.feedback_published_at),
    organizations: organizations.get(c.id) ?? [],
    topics: topics.map((t) => ({ id: t.id, title: t.title, prompt: t.prompt, commentCount: Number(t.comments ?? 0) })),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

const STATUS_ORDER = sql<number>`case c.status when 'draft' then 0 when 'open' then 1 when 'closed' then 2 else 3 end`;

/** Every consultation of the account's organizations that it may manage, drafts first. */
export async function listManagedConsultations(db: Db, account: Account): Promise<ManagedSummary[]> {
  const officialOf = officialOrganizationIds(account);
  if (officialOf.length === 0) return [];
  const rows = await db
    .selectFrom('consultations as c')
    .select((eb) => [
      'c.id',
      'c.slug',
      'c.title',
      'c.status',
      'c.opens_at',
      'c.closes_at',
      'c.open_on_schedule',
      eb
        .selectFrom('comments')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('comments.consultation_id', '=', 'c.id')
        .where('comments.state', '=', 'published')
        .as('published'),
      eb
        .selectFrom('comments')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('comments.consultation_id', '=', 'c.id')
        .where('comments.state', '=', 'pending')
        .as('pending'),
    ])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('consultation_organizations as co')
          .select(sql`1`.as('one'))
          .whereRef('co.consultation_id', '=', 'c.id')
          .where('co.organization_id', 'in', officialOf),
      ),
    )
    .orderBy(STATUS_ORDER)
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  const organizations = await organizationsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    status: r.status,
    opensAt: iso(r.opens_at),
    closesAt: iso(r.closes_at),
    openOnSchedule: r.open_on_schedule,
    organizations: organizations.get(r.id) ?? [],
    counts: { comments: Number(r.published ?? 0), pending: Number(r.pending ?? 0) },
  }));
}

/** Organizations an official can pick as lead or partner. */
export async function organizationChoices(db: Db) {
  return db.selectFrom('organizations').select(['id', 'slug', 'name']).orderBy('name').orderBy('id').execute();
}
