import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { CommentState, ConsultationStatus, ModerationMode, PollKind, PollStatus, ResultsVisibility, Role } from '../db/schema.js';
import { hashPassword } from '../server/auth/passwords.js';
import { createSession } from '../server/auth/sessions.js';

// Test data with unique names, so that tests never depend on each other.

const unique = () => randomBytes(4).toString('hex');
export const PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export async function makeOrganization(db: Db, overrides: { slug?: string; name?: string; wordList?: string[] } = {}) {
  const slug = overrides.slug ?? `kommun-${unique()}`;
  return db
    .insertInto('organizations')
    .values({ slug, name: overrides.name ?? `Kommun ${slug}`, kind: 'municipality', word_list: overrides.wordList ?? [] })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeUser(
  db: Db,
  overrides: { email?: string; displayName?: string; role?: Role; organizationId?: number; homeMunicipality?: string } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await db
    .insertInto('users')
    .values({
      email: overrides.email ?? `person-${unique()}@example.se`,
      display_name: overrides.displayName ?? `Person ${unique()}`,
      password_hash: await passwordHash,
      home_municipality: overrides.homeMunicipality ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (overrides.role) {
    if (!overrides.organizationId) throw new Error('makeUser: a role needs an organizationId');
    await db.insertInto('memberships').values({ user_id: user.id, organization_id: overrides.organizationId, role: overrides.role }).execute();
  }
  return user;
}

export const makeCitizen = (db: Db, overrides: { email?: string; displayName?: string; homeMunicipality?: string } = {}) =>
  makeUser(db, overrides);

export async function makeConsultation(
  db: Db,
  overrides: {
    organizationIds?: number[];
    status?: ConsultationStatus;
    moderationMode?: ModerationMode;
    flagThreshold?: number;
    topics?: string[];
    title?: string;
  } = {},
) {
  const organizationIds = overrides.organizationIds ?? [(await makeOrganization(db)).id];
  const slug = `samrad-${unique()}`;
  const consultation = await db
    .insertInto('consultations')
    .values({
      slug,
      title: overrides.title ?? `Samråd ${slug}`,
      summary: 'En sammanfattning.',
      body_md: 'Bakgrund till förslaget.',
      status: overrides.status ?? 'open',
      moderation_mode: overrides.moderationMode ?? 'post',
      flag_threshold: overrides.flagThreshold ?? 3,
      opens_at: new Date(Date.now() - 86_400_000),
      closes_at: new Date(Date.now() + 30 * 86_400_000),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('consultation_organizations')
    .values(organizationIds.map((organization_id, i) => ({ consultation_id: consultation.id, organization_id, is_lead: i === 0 })))
    .execute();
  const topics = await db
    .insertInto('topics')
    .values((overrides.topics ?? ['Första frågan', 'Andra frågan']).map((title, i) => ({ consultation_id: consultation.id, position: i + 1, title })))
    .returningAll()
    .execute();
  return { ...consultation, topics, organizationIds };
}

/** A session cookie header value for a user, without going through the login form. */
export async function sessionCookieFor(db: Db, userId: number, secret: string) {
  const { token } = await createSession(db, userId, secret);
  return `samrad_session=${token}`;
}

/** A comment written straight to the database, in any state (a reply when parentId is given). */
export async function makeComment(
  db: Db,
  input: {
    consultationId: number;
    topicId: number;
    authorId: number;
    body?: string;
    state?: CommentState;
    stateReason?: string;
    parentId?: number;
    supportCount?: number;
    flagCount?: number;
    createdAt?: Date;
  },
) {
  const parent = input.parentId
    ? await db.selectFrom('comments').select('depth').where('id', '=', input.parentId).executeTakeFirstOrThrow()
    : undefined;
  return db
    .insertInto('comments')
    .values({
      consultation_id: input.consultationId,
      topic_id: input.topicId,
      author_id: input.authorId,
      parent_id: input.parentId ?? null,
      depth: parent ? parent.depth + 1 : 0,
      body: input.body ?? `En synpunkt ${unique()}.`,
      state: input.state ?? 'published',
      state_reason: input.stateReason ?? null,
      support_count: input.supportCount ?? 0,
      flag_count: input.flagCount ?? 0,
      idempotency_key: null,
      edited_at: null,
      ...(input.createdAt ? { created_at: input.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makePoll(
  db: Db,
  input: {
    consultationId: number;
    kind?: PollKind;
    status?: PollStatus;
    resultsVisibility?: ResultsVisibility;
    allowOther?: boolean;
    options?: string[];
    question?: string;
  },
) {
  const poll = await db
    .insertInto('polls')
    .values({
      consultation_id: input.consultationId,
      question: input.question ?? `Vad tycker du? ${unique()}`,
      kind: input.kind ?? 'single',
      status: input.status ?? 'open',
      results_visibility: input.resultsVisibility ?? 'live',
      allow_other: input.allowOther ?? false,
      opens_at: null,
      closes_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const options = await db
    .insertInto('poll_options')
    .values((input.options ?? ['Ja', 'Nej', 'Vet inte']).map((label, i) => ({ poll_id: poll.id, position: i + 1, label })))
    .returningAll()
    .execute();
  return { ...poll, options };
}
