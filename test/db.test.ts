import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { createTestDatabase } from './support/db.js';
import { makeConsultation, makeUser } from './factories.js';

let database: DbHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('migrations', () => {
  it('leave nothing pending on a migrated database', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('create exactly the tables and columns that db/schema.ts declares', async () => {
    const tables = await database.db.introspection.getTables();
    const actual = Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
    const declared = Object.fromEntries(Object.entries(DECLARED).map(([table, columns]) => [table, Object.keys(columns).sort()]));
    expect(actual).toEqual(declared);
  });
});

// Every column of every table in db/schema.ts: tsc fails when one is missing
// here or named wrongly, and the test above fails when the database differs.
type Columns = { [T in keyof Database]: { [C in keyof Database[T]]-?: true } };
const all = <T extends keyof Database>(...names: Array<keyof Database[T]>) =>
  Object.fromEntries(names.map((n) => [n, true])) as Columns[T];
const DECLARED: Columns = {
  organizations: all<'organizations'>('id', 'slug', 'name', 'kind', 'kolada_id', 'word_list', 'created_at'),
  users: all<'users'>('id', 'email', 'password_hash', 'display_name', 'home_municipality', 'blocked_at', 'blocked_reason', 'created_at'),
  memberships: all<'memberships'>('user_id', 'organization_id', 'role', 'created_at'),
  sessions: all<'sessions'>('id', 'user_id', 'created_at', 'expires_at'),
  consultations: all<'consultations'>(
    'id', 'slug', 'title', 'summary', 'body_md', 'influence_md', 'decided_md', 'decision_maker', 'decision_date',
    'participation_level', 'status', 'opens_at', 'closes_at', 'moderation_mode', 'flag_threshold', 'feedback_md',
    'feedback_published_at', 'open_on_schedule', 'created_at', 'updated_at',
  ),
  consultation_organizations: all<'consultation_organizations'>('consultation_id', 'organization_id', 'is_lead'),
  topics: all<'topics'>('id', 'consultation_id', 'position', 'title', 'prompt'),
  comments: all<'comments'>(
    'id', 'consultation_id', 'topic_id', 'parent_id', 'reply_to_id', 'depth', 'author_id', 'body', 'state', 'state_reason',
    'held_by', 'support_count', 'flag_count', 'idempotency_key', 'created_at', 'edited_at', 'published_at',
  ),
  comment_revisions: all<'comment_revisions'>('id', 'comment_id', 'body', 'created_at'),
  supports: all<'supports'>('comment_id', 'user_id', 'created_at'),
  flags: all<'flags'>('id', 'comment_id', 'reporter_id', 'reason', 'note', 'created_at', 'resolved_at', 'resolution'),
  moderation_actions: all<'moderation_actions'>(
    'id', 'comment_id', 'user_id', 'moderator_id', 'action', 'from_state', 'to_state', 'reason_code', 'note', 'created_at',
  ),
  moderation_claims: all<'moderation_claims'>('comment_id', 'moderator_id', 'claimed_at', 'expires_at'),
  polls: all<'polls'>('id', 'consultation_id', 'question', 'kind', 'status', 'results_visibility', 'allow_other', 'opens_at', 'closes_at', 'created_at'),
  poll_options: all<'poll_options'>('id', 'poll_id', 'position', 'label'),
  poll_ballots: all<'poll_ballots'>('id', 'poll_id', 'user_id', 'other_text', 'other_held_by', 'created_at', 'updated_at'),
  poll_votes: all<'poll_votes'>('ballot_id', 'poll_id', 'option_id', 'poll_kind'),
  themes: all<'themes'>('id', 'consultation_id', 'name', 'description', 'created_at'),
  comment_themes: all<'comment_themes'>('comment_id', 'theme_id', 'tagged_by', 'created_at'),
  key_figures: all<'key_figures'>(
    'id', 'consultation_id', 'source', 'kpi_id', 'municipality', 'year', 'value', 'gender', 'unit', 'label', 'is_example', 'retrieved_at',
  ),
  events: all<'events'>('id', 'consultation_id', 'type', 'payload', 'created_at'),
  audit_log: all<'audit_log'>('id', 'actor_id', 'action', 'target', 'detail', 'created_at'),
};

describe('records that must never change', () => {
  async function moderationAction() {
    const moderator = await makeUser(database.db);
    const citizen = await makeUser(database.db);
    return database.db
      .insertInto('moderation_actions')
      .values({ user_id: citizen.id, moderator_id: moderator.id, action: 'block', reason_code: 'spam' })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  it('refuses an UPDATE of moderation_actions at the database', async () => {
    const { id } = await moderationAction();
    await expect(database.db.updateTable('moderation_actions').set({ note: 'ändrad' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
  });

  it('refuses a DELETE of moderation_actions at the database', async () => {
    const { id } = await moderationAction();
    await expect(database.db.deleteFrom('moderation_actions').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate moderation_actions`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses an UPDATE or DELETE of audit_log', async () => {
    const { id } = await database.db.insertInto('audit_log').values({ action: 'export', target: 'consultation:1' }).returning('id').executeTakeFirstOrThrow();
    await expect(database.db.updateTable('audit_log').set({ action: 'x' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
  });

  it('never deletes a comment', async () => {
    const consultation = await makeConsultation(database.db);
    const author = await makeUser(database.db);
    const { id } = await database.db
      .insertInto('comments')
      .values({ consultation_id: consultation.id, topic_id: consultation.topics[0]!.id, author_id: author.id, body: 'Hej', state: 'published' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(database.db.deleteFrom('comments').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    expect(await database.db.selectFrom('comments').select('id').where('id', '=', id).executeTakeFirst()).toEqual({ id });
  });
});

describe('the dialect', () => {
  it('keeps concurrent transactions apart and loses no plain write', async () => {
    const organization = await database.db
      .insertInto('organizations')
      .values({ slug: `tx-${Date.now()}`, name: 'Tx', kind: 'other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const marker = `tx-${Math.random().toString(36).slice(2)}`;

    const rolledBack = database.db.transaction().execute(async (tx) => {
      await tx.insertInto('audit_log').values({ action: 'doomed', target: marker }).execute();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll back');
    });
    const plainWrites = Promise.all(
      Array.from({ length: 20 }, (_, i) => database.db.insertInto('audit_log').values({ action: `plain-${i}`, target: marker }).execute()),
    );
    const committed = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db.transaction().execute(async (tx) => {
          await tx.insertInto('audit_log').values({ action: `tx-${i}`, target: marker }).execute();
          await tx.updateTable('organizations').set({ name: sql`name || '.'` }).where('id', '=', organization.id).execute();
        }),
      ),
    );

    await expect(rolledBack).rejects.toThrow('roll back');
    await Promise.all([plainWrites, committed]);
    const rows = await database.db.selectFrom('audit_log').select('action').where('target', '=', marker).execute();
    expect(rows.map((r) => r.action).sort()).toEqual(
      [...Array.from({ length: 20 }, (_, i) => `plain-${i}`), ...Array.from({ length: 10 }, (_, i) => `tx-${i}`)].sort(),
    );
    const { name } = await database.db.selectFrom('organizations').select('name').where('id', '=', organization.id).executeTakeFirstOrThrow();
    expect(name).toBe('Tx..........');
  });

  it('reports how many rows a write changed', async () => {
    const [inserted] = await database.db.insertInto('audit_log').values([{ action: 'a', target: 'x' }, { action: 'b', target: 'x' }]).execute();
    expect(inserted!.numInsertedOrUpdatedRows).toBe(2n);
    const [result] = await database.db.updateTable('organizations').set({ name: sql`name` }).where('slug', '=', 'no-such-slug').execute();
    expect(result!.numUpdatedRows).toBe(0n);
    const user = await makeUser(database.db);
    const [updated] = await database.db.updateTable('users').set({ display_name: 'Ny' }).where('id', '=', user.id).execute();
    expect(updated!.numUpdatedRows).toBe(1n);
  });

  it('returns counts as numbers and dates as text on both backends', async () => {
    const row = await database.db
      .selectFrom('users')
      .select((eb) => [eb.fn.countAll().as('n'), sql<string>`date '2027-01-31'`.as('d')])
      .executeTakeFirstOrThrow();
    expect(typeof row.n).toBe('number');
    expect(row.d).toBe('2027-01-31');
  });
});
