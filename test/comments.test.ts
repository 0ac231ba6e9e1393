import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeCitizen, makeComment, makeConsultation, sessionCookieFor } from './factories.js';

let server: TestServer;
let db: Db;
beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
});
afterAll(() => server.close());

type Consultation = Awaited<ReturnType<typeof makeConsultation>>;

async function signedIn(overrides: { displayName?: string } = {}) {
  const user = await makeCitizen(db, overrides);
  const client = new Client(server.url);
  client.cookie = await sessionCookieFor(db, user.id, server.services.sessionSecret);
  return { user, client };
}

const topicOf = (consultation: Consultation, index = 0) => consultation.topics[index]!.id;

async function post(client: Client, consultation: Consultation, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return client.post(`/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), ...body }, headers);
}

async function write(client: Client, consultation: Consultation, body: Record<string, unknown>) {
  const response = await post(client, consultation, body);
  expect(response.status).toBe(201);
  return (await json(response)).comment;
}

async function eventsOf(consultationId: number, type?: string) {
  let query = db.selectFrom('events').select(['id', 'type', 'payload']).where('consultation_id', '=', consultationId);
  if (type) query = query.where('type', '=', type);
  return (await query.orderBy('id').execute()) as Array<{ id: number; type: string; payload: any }>;
}

const countComments = async (consultationId: number) =>
  Number((await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('consultation_id', '=', consultationId).executeTakeFirstOrThrow()).n);

describe('writing a comment', () => {
  it('publishes at once in a post-moderated consultation and tells the room', async () => {
    const consultation = await makeConsultation(db, { moderationMode: 'post' });
    const { user, client } = await signedIn({ displayName: 'Karin Ek' });
    const response = await post(client, consultation, { body: 'Behåll förlossningen i Arboga.' });
    expect(response.status).toBe(201);
    const { comment } = await json(response);
    expect(comment).toMatchObject({
      consultationId: consultation.id,
      topicId: topicOf(consultation),
      parentId: null,
      depth: 0,
      replyTo: null,
      author: { id: user.id, displayName: 'Karin Ek' },
      body: 'Behåll förlossningen i Arboga.',
      state: 'published',
      stateReason: null,
      supportCount: 0,
      editedAt: null,
      edited: false,
      heldBy: [],
    });
    expect(new Date(comment.createdAt).toISOString()).toBe(comment.createdAt);

    const [event] = await eventsOf(consultation.id, 'comment:created');
    expect(event!.payload.comment).toMatchObject({ id: comment.id, body: comment.body, author: { displayName: 'Karin Ek' } });
    expect(event!.payload.comment).not.toHaveProperty('heldBy');
  });

  it('waits for a moderator in a pre-moderated consultation, shown to its author only', async () => {
    const consultation = await makeConsultation(db, { moderationMode: 'pre' });
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Ett förslag som granskas först.' });
    expect(comment).toMatchObject({ state: 'pending', body: 'Ett förslag som granskas först.', heldBy: [] });

    const list = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments`));
    expect(list.comments).toEqual([]);
    expect(await eventsOf(consultation.id, 'comment:created')).toEqual([]);
    const [queued] = await eventsOf(consultation.id, 'moderation:queue');
    expect(queued!.payload).toMatchObject({ change: 'added', item: { commentId: comment.id } });
  });

  it('holds a comment that trips a filter even in post-moderation, and logs the hold', async () => {
    const consultation = await makeConsultation(db, { moderationMode: 'post' });
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Ring mig på 070-123 45 67 så berättar jag mer.' });
    expect(comment).toMatchObject({ state: 'pending', heldBy: ['phone'] });
    const [queued] = await eventsOf(consultation.id, 'moderation:queue');
    expect(queued!.payload).toMatchObject({ change: 'added', item: { commentId: comment.id } });
    const action = await db.selectFrom('moderation_actions').selectAll().where('comment_id', '=', comment.id).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ action: 'hold', moderator_id: null, to_state: 'pending', reason_code: 'filter' });
  });

  it("holds a comment with a word from the organization's word list without saying which word", async () => {
    const organization = await db
      .insertInto('organizations')
      .values({ slug: `ordlista-${Date.now()}`, name: 'Ordlistekommunen', kind: 'municipality', word_list: ['hemligt ord'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const consultation = await makeConsultation(db, { organizationIds: [organization.id] });
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Det här är ett HEMLIGT ORD i en mening.' });
    expect(comment).toMatchObject({ state: 'pending', heldBy: ['word_list'] });
  });

  it('stores the text exactly as written, spaces and line breaks included', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const body = '  Första raden\r\n\n\tandra raden med  dubbla  mellanslag  \n';
    const comment = await write(client, consultation, { body });
    expect(comment.body).toBe(body);
    const row = await db.selectFrom('comments').select('body').where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row.body).toBe(body);
  });

  it('keeps one comment when a retry repeats the Idempotency-Key', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const headers = { 'Idempotency-Key': 'retry-1' };
    const first = await post(client, consultation, { body: 'Skickas två gånger.' }, headers);
    expect(first.status).toBe(201);
    const again = await post(client, consultation, { body: 'Skickas två gånger.' }, headers);
    expect(again.status).toBe(200);
    expect((await json(again)).comment).toEqual((await json(first)).comment);
    expect(await countComments(consultation.id)).toBe(1);
    expect(await eventsOf(consultation.id, 'comment:created')).toHaveLength(1);
  });

  it('keeps one comment when retries with the same key race each other', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post(client, consultation, { body: 'Dålig uppkoppling.' }, { 'Idempotency-Key': 'race' })),
    );
    const bodies = await Promise.all(responses.map((r) => json(r)));
    expect(responses.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(bodies.map((b) => b.comment.id)).size).toBe(1);
    expect(await countComments(consultation.id)).toBe(1);
    expect(await eventsOf(consultation.id, 'comment:created')).toHaveLength(1);
  });

  it('lets two authors use the same key for their own comments', async () => {
    const consultation = await makeConsultation(db);
    const anna = await signedIn();
    const bertil = await signedIn();
    const headers = { 'Idempotency-Key': 'samma-nyckel' };
    expect((await post(anna.client, consultation, { body: 'Annas.' }, headers)).status).toBe(201);
    expect((await post(bertil.client, consultation, { body: 'Bertils.' }, headers)).status).toBe(201);
    expect(await countComments(consultation.id)).toBe(2);
  });

  it('asks for a login first', async () => {
    const consultation = await makeConsultation(db);
    const response = await post(new Client(server.url), consultation, { body: 'Anonym.' });
    expect(response.status).toBe(401);
    expect((await json(response)).error.code).toBe('unauthorized');
  });

  it.each(['closed', 'archived'] as const)('refuses comments in a %s consultation with 409', async (status) => {
    const consultation = await makeConsultation(db, { status });
    const { client } = await signedIn();
    const response = await post(client, consultation, { body: 'För sent.' });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('consultation_closed');
  });

  it('answers 404 for a draft or unknown consultation', async () => {
    const draft = await makeConsultation(db, { status: 'draft' });
    const { client } = await signedIn();
    expect((await post(client, draft, { body: 'Hemligt.' })).status).toBe(404);
    const unknown = await client.post('/api/v1/consultations/finns-inte/comments', { topicId: 1, body: 'Hej.' });
    expect(unknown.status).toBe(404);
  });

  it('refuses every write by a blocked user with 403 blocked', async () => {
    const consultation = await makeConsultation(db);
    const author = await signedIn();
    const own = await write(author.client, consultation, { body: 'Skrivet före spärren.' });
    const other = await write((await signedIn()).client, consultation, { body: 'Någon annans.' });
    await db.updateTable('users').set({ blocked_at: new Date(), blocked_reason: 'spam' }).where('id', '=', author.user.id).execute();

    const attempts = [
      post(author.client, consultation, { body: 'Efter spärren.' }),
      author.client.patch(`/api/v1/comments/${own.id}`, { body: 'Ändrad.' }),
      author.client.delete(`/api/v1/comments/${own.id}`),
      author.client.put(`/api/v1/comments/${other.id}/support`),
      author.client.delete(`/api/v1/comments/${other.id}/support`),
      author.client.post(`/api/v1/comments/${other.id}/flags`, { reason: 'spam' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect((await json(response)).error.code).toBe('blocked');
    }
  });
});

describe('replies', () => {
  it('nest to depth 3; a deeper reply joins the deepest level and says whom it answers', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const answerer = await signedIn({ displayName: 'Doris Djup' });
    const root = await write(client, consultation, { body: 'Nivå 0' });
    const one = await write(client, consultation, { parentId: root.id, body: 'Nivå 1' });
    const two = await write(client, consultation, { parentId: one.id, body: 'Nivå 2' });
    const three = await write(answerer.client, consultation, { parentId: two.id, body: 'Nivå 3' });
    expect([root, one, two, three].map((c) => [c.depth, c.parentId, c.replyTo])).toEqual([
      [0, null, null],
      [1, root.id, null],
      [2, one.id, null],
      [3, two.id, null],
    ]);

    const deeper = await write(client, consultation, { parentId: three.id, body: 'Svar på nivå 3' });
    expect(deeper).toMatchObject({ depth: 3, parentId: two.id, replyTo: { id: three.id, authorName: 'Doris Djup' } });
    const deepest = await write(client, consultation, { parentId: deeper.id, body: 'Och ett till' });
    expect(deepest).toMatchObject({ depth: 3, parentId: two.id, replyTo: { id: deeper.id } });
  });

  it('refuses a parent from another consultation or another topic with 400', async () => {
    const consultation = await makeConsultation(db);
    const elsewhere = await makeConsultation(db);
    const { client } = await signedIn();
    const foreign = await write(client, elsewhere, { body: 'I ett annat samråd.' });
    const otherTopic = await write(client, consultation, { topicId: topicOf(consultation, 1), body: 'Under fråga två.' });
    for (const parentId of [foreign.id, otherTopic.id, 999_999]) {
      const response = await post(client, consultation, { parentId, body: 'Svar.' });
      expect(response.status).toBe(400);
      expect((await json(response)).error).toMatchObject({ code: 'invalid_input', fields: { parentId: expect.any(String) } });
    }
  });

  it('refuses a reply to a withdrawn comment with 409', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const parent = await write(client, consultation, { body: 'Tas tillbaka.' });
    await client.delete(`/api/v1/comments/${parent.id}`);
    const response = await post((await signedIn()).client, consultation, { parentId: parent.id, body: 'För sent.' });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('parent_unavailable');
  });
});

describe('editing', () => {
  it('changes the text within 15 minutes, keeps the old text as a revision and marks the comment edited', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Första versionen.' });
    const response = await client.patch(`/api/v1/comments/${comment.id}`, { body: 'Andra versionen.' });
    expect(response.status).toBe(200);
    const edited = (await json(response)).comment;
    expect(edited).toMatchObject({ id: comment.id, body: 'Andra versionen.', edited: true, state: 'published' });
    expect(edited.editedAt).toEqual(expect.any(String));
    const revisions = await db.selectFrom('comment_revisions').select('body').where('comment_id', '=', comment.id).execute();
    expect(revisions).toEqual([{ body: 'Första versionen.' }]);
    const [updated] = await eventsOf(consultation.id, 'comment:updated');
    expect(updated!.payload.comment).toMatchObject({ id: comment.id, body: 'Andra versionen.', edited: true });
  });

  it('refuses an edit after the window with 409', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Gammal text.' });
    await db
      .updateTable('comments')
      .set({ created_at: sql`now() - interval '16 minutes'` } as never)
      .where('id', '=', comment.id)
      .execute();
    const response = await client.patch(`/api/v1/comments/${comment.id}`, { body: 'Ny text.' });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('edit_window_closed');
    const row = await db.selectFrom('comments').select(['body', 'edited_at']).where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ body: 'Gammal text.', edited_at: null });
  });

  it("refuses an edit of someone else's comment with 403", async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Min text.' });
    const response = await (await signedIn()).client.patch(`/api/v1/comments/${comment.id}`, { body: 'Kapad.' });
    expect(response.status).toBe(403);
  });

  it('sends a published comment back to review when the new text trips a filter', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Hör av er.' });
    const edited = (await json(await client.patch(`/api/v1/comments/${comment.id}`, { body: 'Hör av er på anna@example.se.' }))).comment;
    expect(edited).toMatchObject({ state: 'pending', heldBy: ['email'] });
    const [updated] = await eventsOf(consultation.id, 'comment:updated');
    expect(updated!.payload.comment).toMatchObject({ id: comment.id, state: 'pending', body: null });
    const [queued] = await eventsOf(consultation.id, 'moderation:queue');
    expect(queued!.payload).toMatchObject({ item: { commentId: comment.id } });
  });
});

describe('withdrawing', () => {
  it('hides the text from everyone but keeps the row', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const comment = await write(client, consultation, { body: 'Jag ångrar mig.' });
    const response = await client.delete(`/api/v1/comments/${comment.id}`);
    expect(response.status).toBe(200);
    expect((await json(response)).comment).toMatchObject({ id: comment.id, state: 'withdrawn', body: null });

    const row = await db.selectFrom('comments').select(['state', 'body']).where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'withdrawn', body: 'Jag ångrar mig.' });
    const list = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments`));
    expect(list.comments).toEqual([]);
    const [updated] = await eventsOf(consultation.id, 'comment:updated');
    expect(updated!.payload.comment).toMatchObject({ id: comment.id, state: 'withdrawn', body: null, author: null });

    expect((await client.delete(`/api/v1/comments/${comment.id}`)).status).toBe(200);
  });

  it("refuses to withdraw someone else's comment with 403", async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Min text.' });
    expect((await (await signedIn()).client.delete(`/api/v1/comments/${comment.id}`)).status).toBe(403);
  });
});

describe('support', () => {
  it('counts one support per person however often they press, and can be taken back', async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Stöd mig.' });
    const { client } = await signedIn();
    const path = `/api/v1/comments/${comment.id}/support`;
    expect((await json(await client.put(path))).comment).toMatchObject({ supportCount: 1, supportedByViewer: true });
    expect((await json(await client.put(path))).comment).toMatchObject({ supportCount: 1, supportedByViewer: true });
    const other = await signedIn();
    expect((await json(await other.client.put(path))).comment.supportCount).toBe(2);

    expect((await json(await client.delete(path))).comment).toMatchObject({ supportCount: 1, supportedByViewer: false });
    expect((await json(await client.delete(path))).comment).toMatchObject({ supportCount: 1, supportedByViewer: false });
    const supports = await db.selectFrom('supports').select('user_id').where('comment_id', '=', comment.id).execute();
    expect(supports).toEqual([{ user_id: other.user.id }]);
    const updates = await eventsOf(consultation.id, 'comment:updated');
    expect(updates.map((e) => e.payload.comment.supportCount)).toEqual([1, 2, 1]);
  });

  it('counts concurrent supports exactly', async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Populär.' });
    const supporters = await Promise.all(Array.from({ length: 8 }, () => signedIn()));
    await Promise.all(supporters.map(({ client }) => client.put(`/api/v1/comments/${comment.id}/support`)));
    const row = await db.selectFrom('comments').select('support_count').where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row.support_count).toBe(8);
  });

  it('refuses support for a comment that is not published with 409', async () => {
    const consultation = await makeConsultation(db, { moderationMode: 'pre' });
    const comment = await write((await signedIn()).client, consultation, { body: 'Väntar.' });
    const response = await (await signedIn()).client.put(`/api/v1/comments/${comment.id}/support`);
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('comment_not_published');
  });
});

describe('flags', () => {
  it('records a flag with its reason and note, and refuses a second one by the same person', async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Provocerande.' });
    const { user, client } = await signedIn();
    const path = `/api/v1/comments/${comment.id}/flags`;
    const response = await client.post(path, { reason: 'personal_attack', note: 'Hänger ut en granne.' });
    expect(response.status).toBe(201);
    expect((await json(response)).flag).toMatchObject({ commentId: comment.id, reason: 'personal_attack', note: 'Hänger ut en granne.' });
    const again = await client.post(path, { reason: 'spam' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('already_flagged');
    const flags = await db.selectFrom('flags').select(['reporter_id', 'reason']).where('comment_id', '=', comment.id).execute();
    expect(flags).toEqual([{ reporter_id: user.id, reason: 'personal_attack' }]);
  });

  it("hides a comment once distinct flags reach the consultation's threshold, and logs it", async () => {
    const consultation = await makeConsultation(db, { flagThreshold: 2 });
    const comment = await write((await signedIn()).client, consultation, { body: 'Olämpligt.' });
    const path = `/api/v1/comments/${comment.id}/flags`;
    await (await signedIn()).client.post(path, { reason: 'hate' });
    let row = await db.selectFrom('comments').select(['state', 'flag_count']).where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'published', flag_count: 1 });
    expect((await (await signedIn()).client.post(path, { reason: 'hate' })).status).toBe(201);

    row = await db.selectFrom('comments').select(['state', 'flag_count']).where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'hidden', flag_count: 2 });
    const actions = await db.selectFrom('moderation_actions').selectAll().where('comment_id', '=', comment.id).execute();
    expect(actions).toEqual([
      expect.objectContaining({ action: 'hide', moderator_id: null, from_state: 'published', to_state: 'hidden', reason_code: 'flagged' }),
    ]);
    const [updated] = await eventsOf(consultation.id, 'comment:updated');
    expect(updated!.payload.comment).toMatchObject({ id: comment.id, state: 'hidden', stateReason: 'flagged', body: null });
    const queued = await eventsOf(consultation.id, 'moderation:queue');
    expect(queued.at(-1)!.payload).toMatchObject({ item: { commentId: comment.id } });
    const list = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments`));
    expect(list.comments).toEqual([]);
  });
});

describe('listing', () => {
  /** 57 published comments (some replies, some with the same timestamp and support count) among others that must not show. */
  async function busyTopic() {
    const consultation = await makeConsultation(db);
    const topicId = topicOf(consultation);
    const authors = await Promise.all(Array.from({ length: 4 }, () => makeCitizen(db)));
    const sameMoment = new Date('2025-03-01T10:00:00.123Z');
    const published: number[] = [];
    for (let i = 0; i < 57; i++) {
      const parentId = i % 5 === 4 ? published[i - 1] : undefined;
      const comment = await makeComment(db, {
        consultationId: consultation.id,
        topicId,
        authorId: authors[i % 4]!.id,
        parentId,
        supportCount: i % 7,
        ...(i < 12 ? { createdAt: sameMoment } : {}),
      });
      published.push(comment.id);
    }
    for (const state of ['pending', 'hidden', 'rejected', 'withdrawn'] as const) {
      await makeComment(db, { consultationId: consultation.id, topicId, authorId: authors[0]!.id, state });
    }
    await makeComment(db, { consultationId: consultation.id, topicId: topicOf(consultation, 1), authorId: authors[0]!.id });
    return { consultation, topicId, published };
  }

  it.each(['new', 'old', 'supported'] as const)('pages through every published comment exactly once, sorted by %s', async (sort) => {
    const { consultation, topicId, published } = await busyTopic();
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ topic: String(topicId), limit: '10', sort, ...(cursor ? { cursor } : {}) });
      const response = await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments?${query}`);
      expect(response.status).toBe(200);
      const body: { comments: any[]; nextCursor: string | null } = await json(response);
      expect(body.comments.length).toBeLessThanOrEqual(10);
      seen.push(...body.comments);
      cursor = body.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(6);
    expect(seen.map((c) => c.id).sort((a, b) => a - b)).toEqual([...published].sort((a, b) => a - b));
    const key = (c: any) => (sort === 'supported' ? c.supportCount : Date.parse(c.createdAt));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      if (sort === 'old') expect(key(a) < key(b) || (key(a) === key(b) && a.id < b.id)).toBe(true);
      else expect(key(a) > key(b) || (key(a) === key(b) && a.id > b.id)).toBe(true);
    }
  });

  it('lists the whole consultation when no topic is given', async () => {
    const { consultation, published } = await busyTopic();
    const body = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments?limit=100`));
    expect(body.comments).toHaveLength(published.length + 1);
    expect(body.nextCursor).toBeNull();
  });

  it('shows the signed-in reader which comments they support', async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Bra.' });
    const { client } = await signedIn();
    await client.put(`/api/v1/comments/${comment.id}/support`);
    const body = await json(await client.get(`/api/v1/consultations/${consultation.slug}/comments`));
    expect(body.comments[0]).toMatchObject({ id: comment.id, supportCount: 1, supportedByViewer: true });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['sort=popular', 'sort'],
    ['topic=abc', 'topic'],
    ['topic=999999', 'topic'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('refuses ?%s with 400', async (query, field) => {
    const consultation = await makeConsultation(db);
    const response = await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments?${query}`);
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'invalid_input', fields: { [field]: expect.any(String) } });
  });

  it('refuses a cursor made for another sort order', async () => {
    const { consultation } = await busyTopic();
    const first = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments?limit=5&sort=new`));
    const response = await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments?sort=supported&cursor=${first.nextCursor}`);
    expect(response.status).toBe(400);
  });
});

describe('malformed input', () => {
  let consultation: Consultation;
  let client: Client;
  let commentId: number;
  beforeAll(async () => {
    consultation = await makeConsultation(db);
    ({ client } = await signedIn());
    commentId = (await write(client, consultation, { body: 'Måltavla.' })).id;
  });

  const tooLong = 'å'.repeat(5001);
  const cases: Array<[string, () => [string, string, unknown], string]> = [
    ['a comment without body', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation) }], 'body'],
    ['a comment without topic', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { body: 'Hej' }], 'topicId'],
    ['a comment with a text topic', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: 'ett', body: 'Hej' }], 'topicId'],
    ['a comment with a fractional topic', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: 1.5, body: 'Hej' }], 'topicId'],
    ['a comment with a numeric body', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: 42 }], 'body'],
    ['a comment of only spaces', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: ' \n\t ' }], 'body'],
    ['a comment of 5,001 characters', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: tooLong }], 'body'],
    ['a comment with a NUL character', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: 'a\u0000b' }], 'body'],
    ['a comment with a lone surrogate', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: 'a\ud800b' }], 'body'],
    ['a comment under an unknown topic', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: 999_999, body: 'Hej' }], 'topicId'],
    ['a comment with a text parent', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), parentId: 'x', body: 'Hej' }], 'parentId'],
    ['an array instead of an object', () => ['POST', `/api/v1/consultations/${consultation.slug}/comments`, [1, 2]], '_'],
    ['an edit without body', () => ['PATCH', `/api/v1/comments/${commentId}`, {}], 'body'],
    ['an edit of 5,001 characters', () => ['PATCH', `/api/v1/comments/${commentId}`, { body: tooLong }], 'body'],
    ['a flag without reason', () => ['POST', `/api/v1/comments/${commentId}/flags`, {}], 'reason'],
    ['a flag with an unknown reason', () => ['POST', `/api/v1/comments/${commentId}/flags`, { reason: 'boring' }], 'reason'],
    ['a flag with a note of 1,001 characters', () => ['POST', `/api/v1/comments/${commentId}/flags`, { reason: 'other', note: 'x'.repeat(1001) }], 'note'],
    ['a flag with a numeric note', () => ['POST', `/api/v1/comments/${commentId}/flags`, { reason: 'other', note: 5 }], 'note'],
  ];

  it.each(cases)('refuses %s with 400 and a field message', async (_, request, field) => {
    const [method, path, body] = request();
    const response = await client.request(method, path, body);
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.any(String), fields: { [field]: expect.any(String) } });
  });

  const writes = (): Array<[string, string]> => [
    ['POST', `/api/v1/consultations/${consultation.slug}/comments`],
    ['PATCH', `/api/v1/comments/${commentId}`],
    ['POST', `/api/v1/comments/${commentId}/flags`],
  ];

  it('refuses invalid JSON on every write with 400 invalid_json', async () => {
    for (const [method, path] of writes()) {
      const response = await client.request(method, path, '{"body": "unterminated');
      expect(response.status).toBe(400);
      expect((await json(response)).error.code).toBe('invalid_json');
    }
  });

  it('refuses a huge body on every write with 413', async () => {
    for (const [method, path] of writes()) {
      const response = await client.request(method, path, { topicId: topicOf(consultation), body: 'x'.repeat(200_000) });
      expect(response.status).toBe(413);
      expect((await json(response)).error.code).toBe('payload_too_large');
    }
  });

  it('refuses a form-encoded body on every write with 415', async () => {
    for (const [method, path] of writes()) {
      const response = await client.raw(path, { method, body: 'body=hej', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(response.status).toBe(415);
    }
  });

  it('refuses an Idempotency-Key longer than 200 characters', async () => {
    const response = await client.request('POST', `/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: 'Hej' }, {
      'Idempotency-Key': 'x'.repeat(201),
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.fields).toHaveProperty('Idempotency-Key');
  });

  it('answers 404 for a comment id that is not a number or does not exist', async () => {
    for (const path of ['/api/v1/comments/abc', '/api/v1/comments/0/support', '/api/v1/comments/999999/flags']) {
      const response = await client.request(path.endsWith('support') ? 'PUT' : path.endsWith('flags') ? 'POST' : 'PATCH', path, { body: 'Hej', reason: 'spam' });
      expect(response.status).toBe(404);
      expect((await json(response)).error.code).toBe('not_found');
    }
  });

  it('answers 405 for a method the path does not take', async () => {
    expect((await client.request('PUT', `/api/v1/consultations/${consultation.slug}/comments`, {})).status).toBe(405);
    expect((await client.get(`/api/v1/comments/${commentId}`)).status).toBe(405);
    expect((await client.request('POST', `/api/v1/comments/${commentId}/support`, {})).status).toBe(405);
    expect((await client.get(`/api/v1/comments/${commentId}/flags`)).status).toBe(405);
  });
});

describe('the consultation page', () => {
  const page = async (client: Client, consultation: Consultation, query = '') => {
    const response = await client.get(`/consultations/${consultation.slug}${query}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('shows threads with stable ids, replies in order, "redigerad", whom a deep reply answers, and placeholders', async () => {
    const consultation = await makeConsultation(db);
    const anna = await signedIn({ displayName: 'Anna Ask' });
    const doris = await signedIn({ displayName: 'Doris Djup' });
    const root = await write(anna.client, consultation, { body: 'Roten i tråden.' });
    const one = await write(doris.client, consultation, { parentId: root.id, body: 'Första svaret.' });
    const two = await write(anna.client, consultation, { parentId: one.id, body: 'Andra nivån.' });
    const three = await write(doris.client, consultation, { parentId: two.id, body: 'Tredje nivån.' });
    await write(anna.client, consultation, { parentId: three.id, body: 'Svar på tredje nivån.' });
    await anna.client.patch(`/api/v1/comments/${root.id}`, { body: 'Roten i tråden, ändrad.' });
    const gone = await write(doris.client, consultation, { body: 'Detta tar jag tillbaka.' });
    await write(anna.client, consultation, { parentId: gone.id, body: 'Svar som står kvar.' });
    await doris.client.delete(`/api/v1/comments/${gone.id}`);

    const html = await page(new Client(server.url), consultation);
    expect(html).toContain(`data-topic-id="${topicOf(consultation)}"`);
    for (const c of [root, one, two, three]) expect(html).toContain(`id="comment-${c.id}"`);
    const order = ['Roten i tråden, ändrad.', 'Första svaret.', 'Andra nivån.', 'Tredje nivån.', 'Svar på tredje nivån.'].map((t) => html.indexOf(t));
    expect(order.every((index, i) => index > 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
    expect(html).toContain('redigerad');
    expect(html).toContain('Svar till Doris Djup');
    expect(html).toContain('Synpunkten har tagits tillbaka av den som skrev den.');
    expect(html).toContain('Svar som står kvar.');
    expect(html).not.toContain('Detta tar jag tillbaka.');
    expect(html).toContain('Logga in för att delta');
  });

  it('posts a comment through the form without JavaScript, once even when the form is sent twice', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const fields = { intent: 'comment', topicId: String(topicOf(consultation)), body: 'Skickat med ett vanligt formulär.', idempotencyKey: 'form-abc:topic' };
    const response = await client.form(`/consultations/${consultation.slug}?sort=old`, fields);
    expect(response.status).toBe(302);
    const row = await db.selectFrom('comments').select(['id', 'body']).where('consultation_id', '=', consultation.id).executeTakeFirstOrThrow();
    expect(response.headers.get('location')).toBe(`/consultations/${consultation.slug}?sort=old#comment-${row.id}`);
    expect((await client.form(`/consultations/${consultation.slug}`, fields)).status).toBe(302);
    expect(await countComments(consultation.id)).toBe(1);

    const html = await page(client, consultation);
    expect(html).toContain('Skickat med ett vanligt formulär.');
    expect(html).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}:topic-\d+"/);
  });

  it('shows what went wrong in the form, keeping the text', async () => {
    const consultation = await makeConsultation(db);
    const { client } = await signedIn();
    const tooLong = 'ö'.repeat(5001);
    const response = await client.form(`/consultations/${consultation.slug}`, { intent: 'comment', topicId: String(topicOf(consultation)), body: tooLong });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Synpunkten får vara högst 5');
    expect(html).toContain(tooLong);
    expect(await countComments(consultation.id)).toBe(0);
  });

  it('supports, edits, withdraws and flags through forms', async () => {
    const consultation = await makeConsultation(db);
    const author = await signedIn();
    const reader = await signedIn();
    const path = `/consultations/${consultation.slug}`;
    const comment = await write(author.client, consultation, { body: 'Ett förslag att stödja.' });

    expect((await reader.client.form(path, { intent: 'support', commentId: String(comment.id) })).status).toBe(302);
    let html = await page(reader.client, consultation);
    expect(html).toMatch(/aria-pressed="true"[^>]*>Stöd<\/button> <span class="comment__support-count">1 stöder/);
    expect((await reader.client.form(path, { intent: 'unsupport', commentId: String(comment.id) })).status).toBe(302);
    expect(await page(reader.client, consultation)).toMatch(/aria-pressed="false"[^>]*>Stöd<\/button> <span class="comment__support-count">0 stöder/);

    const flagged = await reader.client.form(path, { intent: 'flag', commentId: String(comment.id), reason: 'off_topic', note: '' });
    expect(flagged.status).toBe(200);
    expect(await flagged.text()).toContain('Tack! En moderator tittar på din anmälan.');
    const again = await reader.client.form(path, { intent: 'flag', commentId: String(comment.id), reason: 'spam' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Du har redan anmält den här kommentaren.');

    expect((await author.client.form(path, { intent: 'edit', commentId: String(comment.id), body: 'Ett ändrat förslag.' })).status).toBe(302);
    html = await page(reader.client, consultation);
    expect(html).toContain('Ett ändrat förslag.');
    expect(html).toContain('redigerad');

    expect((await author.client.form(path, { intent: 'withdraw', commentId: String(comment.id) })).status).toBe(302);
    expect(await page(reader.client, consultation)).not.toContain('Ett ändrat förslag.');
  });

  it("refuses a form post for someone else's comment with the error in the page", async () => {
    const consultation = await makeConsultation(db);
    const comment = await write((await signedIn()).client, consultation, { body: 'Inte din.' });
    const response = await (await signedIn()).client.form(`/consultations/${consultation.slug}`, { intent: 'edit', commentId: String(comment.id), body: 'Kapad.' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Bara den som skrev kommentaren kan ändra den.');
  });

  it('sends a visitor who is not logged in to the login page', async () => {
    const consultation = await makeConsultation(db);
    const response = await new Client(server.url).form(`/consultations/${consultation.slug}`, { intent: 'comment', topicId: '1', body: 'Hej' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(`/consultations/${consultation.slug}`)}`);
  });

  it('shows the author their pending comment as awaiting moderation, with the reason, and nobody else', async () => {
    const organization = await db
      .insertInto('organizations')
      .values({ slug: `lista-${Date.now()}`, name: 'Listkommunen', kind: 'municipality', word_list: ['surdeg', 'hemlig fras'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const consultation = await makeConsultation(db, { organizationIds: [organization.id] });
    const { client } = await signedIn();
    await write(client, consultation, { body: 'Det här handlar om surdeg.' });
    await write(client, consultation, { body: 'Ring 070-123 45 67.' });

    const own = await page(client, consultation);
    expect(own).toContain('Väntar på granskning');
    expect(own).toContain('Det här handlar om surdeg.');
    expect(own).toContain('ord eller uttryck som en moderator behöver titta på');
    expect(own).toContain('något som liknar ett telefonnummer');
    expect(own).not.toContain('hemlig fras');

    const other = await page((await signedIn()).client, consultation);
    expect(other).not.toContain('surdeg');
    expect(other).not.toContain('070-123 45 67');
    expect(other).not.toContain('Väntar på granskning');
  });

  it('sorts with the sort switch and pages with "Visa fler"', async () => {
    const consultation = await makeConsultation(db);
    const author = await makeCitizen(db);
    const base = { consultationId: consultation.id, topicId: topicOf(consultation), authorId: author.id };
    for (let i = 1; i <= 25; i++) {
      await makeComment(db, { ...base, body: `Tråd nummer ${i}.`, supportCount: i === 7 ? 100 : 0, createdAt: new Date(Date.UTC(2025, 0, i)) });
    }
    const client = new Client(server.url);
    const newest = await page(client, consultation);
    expect(newest.indexOf('Tråd nummer 25.')).toBeLessThan(newest.indexOf('Tråd nummer 24.'));
    expect(newest).not.toContain('Tråd nummer 5.');
    const more = /href="([^"]*cursor=[^"]*)"[^>]*>Visa fler synpunkter/.exec(newest);
    expect(more).not.toBeNull();
    const rest = await page(client, consultation, new URL(more![1]!.replaceAll('&amp;', '&'), server.url).search);
    for (let i = 1; i <= 5; i++) expect(rest).toContain(`Tråd nummer ${i}.`);
    expect(rest).not.toContain('Tråd nummer 6.');

    const supported = await page(client, consultation, '?sort=supported');
    expect(supported.indexOf('Tråd nummer 7.')).toBeLessThan(supported.indexOf('Tråd nummer 25.'));
    expect(supported).toMatch(/aria-current="true"[^>]*>Mest stöd/);
    const oldest = await page(client, consultation, '?sort=old');
    expect(oldest.indexOf('Tråd nummer 1.')).toBeLessThan(oldest.indexOf('Tråd nummer 2.'));
  });

  it('renders the background as Markdown without letting HTML or script links through', async () => {
    const consultation = await makeConsultation(db);
    await db
      .updateTable('consultations')
      .set({
        body_md: '# Rubrik\n\nEn **viktig** text med [en länk](https://example.se) och [en fälla](javascript:alert(1)).\n\n<script>alert("x")</script><img src=x onerror=alert(1)>',
        influence_md: '- Skolvägen\n- Öppettiderna',
      })
      .where('id', '=', consultation.id)
      .execute();
    const html = await page(new Client(server.url), consultation);
    expect(html).toContain('<h3>Rubrik</h3>');
    expect(html).toContain('<strong>viktig</strong>');
    expect(html).toContain('<a href="https://example.se" rel="nofollow noopener">en länk</a>');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('<li>Skolvägen</li>');
  });
});

describe('comment text is stored verbatim and shown as text', () => {
  // What React writes for text: the five characters that HTML gives meaning.
  const asHtmlText = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const storable = (text: string) => text.trim().length > 0 && [...text].length <= 5000 && !text.includes('\u0000') && !LONE_SURROGATE.test(text);

  const fragment = fc.oneof(
    fc.constantFrom(
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '"><svg onload=alert(1)>',
      "' onmouseover='alert(1)",
      '<a href="javascript:alert(1)">klicka</a>',
      '&amp; &lt;b&gt; &#x3C;',
      '</textarea><b>fet</b>',
      'مرحبا بكم في المشاورة',
      'שלום עולם',
      '\u202Eomvänd text\u202C',
      '👩‍👩‍👧‍👦 🇸🇪 👍🏽',
      'noll\u200Bbredd\u200C\u200D\u2060\uFEFF',
      'Åsa, Örjan och Ängel',
      '\r\n',
      '  ',
    ),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  const bodies = fc.oneof(
    { weight: 8, arbitrary: fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.constant('åäö'.repeat(1666) + 'åä') },
  ).filter(storable);

  it('for HTML, script tags, right-to-left text, emoji, zero-width characters and 5,000 characters of åäö', async () => {
    const { client } = await signedIn();
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const consultation = await makeConsultation(db);
        const response = await post(client, consultation, { body });
        expect(response.status).toBe(201);
        const { comment } = await json(response);
        expect(comment.body).toBe(body);
        const row = await db.selectFrom('comments').select('body').where('id', '=', comment.id).executeTakeFirstOrThrow();
        expect(row.body).toBe(body);

        const html = await (await new Client(server.url).get(`/consultations/${consultation.slug}`)).text();
        expect(html).toContain(`<p class="comment__body" dir="auto">${asHtmlText(body)}</p>`);
        if (/[<>]/.test(body)) expect(html).not.toContain(body);
      }),
      { numRuns: 40 },
    );
  });
});

describe('rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: true });
  });
  afterAll(() => limited.close());

  it('answers 429 with Retry-After when one person writes too many comments too fast', async () => {
    const user = await makeCitizen(limited.database.db);
    const consultation = await makeConsultation(limited.database.db);
    const client = new Client(limited.url);
    client.cookie = await sessionCookieFor(limited.database.db, user.id, limited.services.sessionSecret);
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 11 && !refused; i++) {
      const response = await client.post(`/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: `Nummer ${i}` });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(refused).toBeDefined();
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await json(refused!)).error.code).toBe('rate_limited');
  });
});
