import fc from 'fast-check';
import { sql } from 'kysely';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../app/realtime/events.js';
import type { Db } from '../db/index.js';
import type { Role } from '../db/schema.js';
import { findAccount } from '../server/auth/accounts.js';
import { createComment } from '../server/comments/create.js';
import { editComment, withdrawComment } from '../server/comments/change.js';
import { flagComment } from '../server/comments/flag.js';
import { AppError } from '../server/http/errors.js';
import { moderateComment } from '../server/moderation/actions.js';
import { blockUser, unblockUser } from '../server/moderation/blocks.js';
import { COMMENT_ACTIONS, REASON_CODES } from '../server/moderation/policy.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeCitizen, makeComment, makeConsultation, makeOrganization, makeUser, sessionCookieFor } from './factories.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Consultation = Awaited<ReturnType<typeof makeConsultation>>;

let server: TestServer;
let db: Db;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(() => server.close());

const VALID_PERSONNUMMER = '811228-9874';

async function cookieFor(userId: number) {
  return sessionCookieFor(db, userId, server.services.sessionSecret);
}

async function clientFor(userId: number) {
  const client = new Client(server.url);
  client.cookie = await cookieFor(userId);
  return client;
}

async function staff(role: Role, organizationId: number, displayName?: string) {
  const user = await makeUser(db, { role, organizationId, displayName });
  return { user, client: await clientFor(user.id) };
}

async function citizen(displayName?: string) {
  const user = await makeCitizen(db, { displayName });
  return { user, client: await clientFor(user.id) };
}

/** An organization with a consultation and one moderator. */
async function setting(options: { moderationMode?: 'pre' | 'post'; flagThreshold?: number; wordList?: string[] } = {}) {
  const organization = await makeOrganization(db, { wordList: options.wordList });
  const consultation = await makeConsultation(db, {
    organizationIds: [organization.id],
    moderationMode: options.moderationMode ?? 'post',
    flagThreshold: options.flagThreshold ?? 3,
  });
  const moderator = await staff('moderator', organization.id, 'Mona Moderator');
  return { organization, consultation, moderator };
}

const topicOf = (consultation: Consultation) => consultation.topics[0]!.id;

async function write(client: Client, consultation: Consultation, body: string, parentId?: number) {
  const response = await client.post(`/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body, parentId });
  expect(response.status).toBe(201);
  return (await json(response)).comment as { id: number; state: string; heldBy?: string[]; body: string | null };
}

const pendingComment = (consultation: Consultation, authorId: number, body?: string) =>
  makeComment(db, { consultationId: consultation.id, topicId: topicOf(consultation), authorId, state: 'pending', body });

const moderate = (client: Client, commentId: number, action: string, reason = 'other', note?: string) =>
  client.post(`/api/v1/comments/${commentId}/moderation`, { action, reason, ...(note ? { note } : {}) });

async function stateOf(commentId: number) {
  return db.selectFrom('comments').select(['state', 'state_reason', 'held_by']).where('id', '=', commentId).executeTakeFirstOrThrow();
}

async function logOf(commentId: number) {
  return db.selectFrom('moderation_actions').selectAll().where('comment_id', '=', commentId).orderBy('id').execute();
}

async function queueOf(client: Client) {
  const response = await client.get('/api/v1/moderation/queue');
  expect(response.status).toBe(200);
  return (await json(response)).items as Array<Record<string, any>>;
}

function connect(cookie?: string): ClientSocket {
  const socket: ClientSocket = connectSocket(server.url, {
    transports: ['websocket'],
    extraHeaders: { origin: server.url, ...(cookie ? { cookie } : {}) },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

async function connected(socket: ClientSocket) {
  if (!socket.connected) await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
  return socket;
}

function record(socket: ClientSocket) {
  const received: Array<{ name: string; payload: any }> = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }));
  return received;
}

async function until<T>(check: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('filters hold comments for review', () => {
  it('keeps a comment with a valid personnummer in a post-moderated consultation pending, naming the rule', async () => {
    const { consultation, moderator } = await setting({ moderationMode: 'post' });
    const author = await citizen();
    const comment = await write(author.client, consultation, `Ring mig inte, mitt personnummer är ${VALID_PERSONNUMMER}.`);
    expect(comment).toMatchObject({ state: 'pending', heldBy: ['personnummer'] });
    expect(await stateOf(comment.id)).toMatchObject({ state: 'pending', held_by: ['personnummer'] });
    expect(await logOf(comment.id)).toEqual([expect.objectContaining({ action: 'hold', to_state: 'pending', reason_code: 'filter', moderator_id: null })]);

    const [item] = (await queueOf(moderator.client)).filter((i) => i.commentId === comment.id);
    expect(item).toMatchObject({ reasons: ['pending', 'held'], comment: { heldBy: ['personnummer'] } });
    expect(item!.filterHits).toEqual([{ rule: 'personnummer', start: expect.any(Number), end: expect.any(Number) }]);
    const hit = item!.filterHits[0];
    expect(item!.comment.body.slice(hit.start, hit.end)).toBe(VALID_PERSONNUMMER);
  });

  it('publishes the same text when the check digit is wrong', async () => {
    const { consultation } = await setting({ moderationMode: 'post' });
    const author = await citizen();
    expect(await write(author.client, consultation, 'Ordernummer 811228-9875 kom aldrig fram.')).toMatchObject({ state: 'published', heldBy: [] });
  });

  it("holds a comment with a word from the organization's list and tells the author why without the word", async () => {
    const { consultation } = await setting({ wordList: ['fjäskare'] });
    const author = await citizen();
    const comment = await write(author.client, consultation, 'Nämndens ordförande är en Fjäskare.');
    expect(comment).toMatchObject({ state: 'pending', heldBy: ['word_list'] });
    const own = (await json(await author.client.get('/api/v1/me/comments'))).comments;
    const mine = own.find((c: { id: number }) => c.id === comment.id);
    expect(mine.heldExplanations).toEqual([expect.stringMatching(/^Din synpunkt innehåller/)]);
    expect(JSON.stringify(mine.heldExplanations)).not.toMatch(/fjäskare/i);
  });
});

describe('flags', () => {
  it('hides a comment once distinct flags reach the threshold and puts it in the queue', async () => {
    const { consultation, moderator } = await setting({ flagThreshold: 2 });
    const author = await citizen();
    const comment = await write(author.client, consultation, 'En åsikt som några inte gillar.');
    const first = await citizen();
    const second = await citizen();

    expect((await first.client.post(`/api/v1/comments/${comment.id}/flags`, { reason: 'personal_attack' })).status).toBe(201);
    expect((await first.client.post(`/api/v1/comments/${comment.id}/flags`, { reason: 'personal_attack' })).status).toBe(409);
    expect((await stateOf(comment.id)).state).toBe('published');
    const flaggedOnce = (await queueOf(moderator.client)).find((i) => i.commentId === comment.id);
    expect(flaggedOnce).toMatchObject({ reasons: ['flagged'], comment: { state: 'published' }, flags: [{ reason: 'personal_attack' }] });

    expect((await second.client.post(`/api/v1/comments/${comment.id}/flags`, { reason: 'hate', note: 'Se sista meningen.' })).status).toBe(201);
    expect(await stateOf(comment.id)).toMatchObject({ state: 'hidden', state_reason: 'flagged' });
    const item = (await queueOf(moderator.client)).find((i) => i.commentId === comment.id);
    expect(item).toMatchObject({
      reasons: ['flagged'],
      comment: { state: 'hidden', stateReason: 'flagged' },
      flags: [{ reason: 'personal_attack', note: null }, { reason: 'hate', note: 'Se sista meningen.' }],
    });

    const listed = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments`));
    expect(JSON.stringify(listed)).not.toContain('En åsikt som några inte gillar.');
  });

  it('resolves the open flags when a moderator handles the comment', async () => {
    const { consultation, moderator } = await setting({ flagThreshold: 5 });
    const author = await citizen();
    const comment = await write(author.client, consultation, 'Något som anmäls.');
    const reporter = await citizen();
    await reporter.client.post(`/api/v1/comments/${comment.id}/flags`, { reason: 'spam' });
    expect((await moderate(moderator.client, comment.id, 'approve', 'spam')).status).toBe(200);
    const flags = await db.selectFrom('flags').select(['resolved_at', 'resolution']).where('comment_id', '=', comment.id).execute();
    expect(flags).toEqual([{ resolved_at: expect.any(Date), resolution: 'approve' }]);
    expect((await queueOf(moderator.client)).some((i) => i.commentId === comment.id)).toBe(false);
    expect((await stateOf(comment.id)).state).toBe('published');
  });
});

describe('moderation actions', () => {
  const cases: Array<{ action: string; from: 'pending' | 'published' | 'hidden' | 'rejected'; to: string }> = [
    { action: 'approve', from: 'pending', to: 'published' },
    { action: 'approve', from: 'hidden', to: 'published' },
    { action: 'hide', from: 'published', to: 'hidden' },
    { action: 'hide', from: 'pending', to: 'hidden' },
    { action: 'reject', from: 'pending', to: 'rejected' },
    { action: 'reject', from: 'hidden', to: 'rejected' },
    { action: 'restore', from: 'hidden', to: 'published' },
    { action: 'restore', from: 'rejected', to: 'published' },
  ];

  it.each(cases)('$action moves a $from comment to $to and writes exactly one log row', async ({ action, from, to }) => {
    const { consultation, moderator } = await setting();
    const author = await makeCitizen(db);
    const comment = await makeComment(db, { consultationId: consultation.id, topicId: topicOf(consultation), authorId: author.id, state: from });
    const before = await logOf(comment.id);

    const response = await moderate(moderator.client, comment.id, action, 'personal_attack', 'Bedömd enligt policyn.');
    expect(response.status).toBe(200);
    const outcome = await json(response);
    expect(outcome.action).toMatchObject({ action, fromState: from, toState: to, reason: 'personal_attack' });
    expect(outcome.comment).toMatchObject({ id: comment.id, state: to });

    expect((await stateOf(comment.id)).state).toBe(to);
    const after = await logOf(comment.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      comment_id: comment.id,
      moderator_id: moderator.user.id,
      action,
      from_state: from,
      to_state: to,
      reason_code: 'personal_attack',
      note: 'Bedömd enligt policyn.',
    });
  });

  it.each([
    { action: 'approve', from: 'published' },
    { action: 'reject', from: 'published' },
    { action: 'restore', from: 'pending' },
    { action: 'restore', from: 'published' },
    { action: 'hide', from: 'withdrawn' },
    { action: 'approve', from: 'withdrawn' },
    { action: 'hide', from: 'rejected' },
  ] as const)('refuses to $action a $from comment with 409 and logs nothing', async ({ action, from }) => {
    const { consultation, moderator } = await setting();
    const author = await makeCitizen(db);
    const comment = await makeComment(db, { consultationId: consultation.id, topicId: topicOf(consultation), authorId: author.id, state: from });
    const response = await moderate(moderator.client, comment.id, action);
    expect(response.status).toBe(409);
    expect((await json(response)).error).toMatchObject({ code: 'invalid_transition', message: expect.any(String) });
    expect(await stateOf(comment.id)).toMatchObject({ state: from });
    expect(await logOf(comment.id)).toEqual([]);
  });

  it('refuses an unknown action or reason with 400 and the fields named', async () => {
    const { consultation, moderator } = await setting();
    const comment = await pendingComment(consultation, (await makeCitizen(db)).id);
    const response = await moderator.client.post(`/api/v1/comments/${comment.id}/moderation`, { action: 'delete', reason: 'ugly' });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'invalid_input', fields: { action: expect.any(String), reason: expect.any(String) } });
    expect((await moderate(moderator.client, 999_999, 'approve')).status).toBe(404);
  });

  it('shows the author the outcome and the reason, and readers a placeholder without the text', async () => {
    const { consultation, moderator } = await setting();
    const author = await citizen();
    const comment = await write(author.client, consultation, 'Ett inlägg som döljs.');
    expect((await moderate(moderator.client, comment.id, 'hide', 'personal_attack', 'Intern anteckning')).status).toBe(200);

    const mine = (await json(await author.client.get('/api/v1/me/comments'))).comments.find((c: { id: number }) => c.id === comment.id);
    expect(mine).toMatchObject({ state: 'hidden', stateReason: 'personal_attack', outcome: { action: 'hide', reason: 'personal_attack' } });
    expect(JSON.stringify(mine)).not.toContain('Intern anteckning');

    const page = await (await author.client.get('/mina-sidor')).text();
    expect(page).toContain('Personangrepp');
    expect(page).toContain('href="/moderering/policy#personal_attack"');

    const listed = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/comments`));
    const placeholder = listed.comments.find((c: { id: number }) => c.id === comment.id);
    if (placeholder) expect(placeholder).toMatchObject({ body: null, state: 'hidden', stateReason: 'personal_attack' });
    expect(JSON.stringify(listed)).not.toContain('Ett inlägg som döljs.');
  });
});

describe('a hidden comment in the thread', () => {
  it('shows readers "Dold av moderator (reason)" in its place, linked to the policy, and the author the reason', async () => {
    const { consultation, moderator } = await setting();
    const author = await citizen();
    const comment = await write(author.client, consultation, 'Det här ska ingen läsa.');
    await write((await citizen()).client, consultation, 'Ett svar som hänger kvar.', comment.id);
    expect((await moderate(moderator.client, comment.id, 'hide', 'hate')).status).toBe(200);

    const reader = await (await new Client(server.url).get(`/consultations/${consultation.slug}`)).text();
    expect(reader).toMatch(/Dold av moderator \(<a [^>]*href="\/moderering\/policy#hate"[^>]*>Hat och hets<\/a>\)/);
    expect(reader).not.toContain('Det här ska ingen läsa.');
    expect(reader).toContain('Ett svar som hänger kvar.');

    const own = await (await author.client.get(`/consultations/${consultation.slug}`)).text();
    expect(own).toContain('Det här ska ingen läsa.');
    expect(own).toMatch(/Skäl: <a [^>]*href="\/moderering\/policy#hate"/);
  });

  it('keeps the place of a hidden comment without replies, but shows nothing of a pending one rejected unseen', async () => {
    const { consultation, moderator } = await setting();
    const author = await citizen();
    const hidden = await write(author.client, consultation, 'Ensam och dold.');
    expect((await moderate(moderator.client, hidden.id, 'hide', 'spam')).status).toBe(200);
    const unseen = await pendingComment(consultation, author.user.id, 'Aldrig publicerad.');
    expect((await moderate(moderator.client, unseen.id, 'reject', 'spam')).status).toBe(200);

    const reader = await (await new Client(server.url).get(`/consultations/${consultation.slug}`)).text();
    expect(reader).toContain(`id="comment-${hidden.id}"`);
    expect(reader).toMatch(/Dold av moderator \(<a [^>]*href="\/moderering\/policy#spam"/);
    expect(reader).not.toContain('Ensam och dold.');
    expect(reader).not.toContain(`id="comment-${unseen.id}"`);
  });
});

describe('who may moderate', () => {
  async function actors() {
    const home = await makeOrganization(db);
    const other = await makeOrganization(db);
    const consultation = await makeConsultation(db, { organizationIds: [home.id] });
    return {
      home,
      other,
      consultation,
      anonymous: new Client(server.url),
      citizen: (await citizen()).client,
      otherModerator: (await staff('moderator', other.id)).client,
      otherOfficial: (await staff('official', other.id)).client,
      otherAdmin: (await staff('admin', other.id)).client,
      moderator: (await staff('moderator', home.id)).client,
      official: (await staff('official', home.id)).client,
      admin: (await staff('admin', home.id)).client,
    };
  }

  const refused = [
    ['anonymous', 401, 'unauthorized'],
    ['citizen', 403, 'forbidden'],
    ['otherModerator', 403, 'forbidden'],
    ['otherOfficial', 403, 'forbidden'],
    ['otherAdmin', 403, 'forbidden'],
  ] as const;
  const allowed = ['moderator', 'official', 'admin'] as const;

  it.each(COMMENT_ACTIONS)('lets only the staff of the organization behind the consultation %s a comment', async (action) => {
    const everyone = await actors();
    const from = { approve: 'pending', hide: 'published', reject: 'pending', restore: 'hidden' }[action] as 'pending';
    const author = await makeCitizen(db);
    const fresh = () => makeComment(db, { consultationId: everyone.consultation.id, topicId: topicOf(everyone.consultation), authorId: author.id, state: from });
    for (const [who, status, code] of refused) {
      const comment = await fresh();
      const response = await moderate(everyone[who], comment.id, action);
      expect({ who, status: response.status, code: (await json(response)).error?.code }).toEqual({ who, status, code });
      expect((await stateOf(comment.id)).state).toBe(from);
      expect(await logOf(comment.id)).toEqual([]);
    }
    for (const who of allowed) {
      const comment = await fresh();
      const response = await moderate(everyone[who], comment.id, action);
      expect({ who, status: response.status }).toEqual({ who, status: 200 });
      expect(await logOf(comment.id)).toHaveLength(1);
    }
  });

  it('shows each moderator only the queue of their own organizations', async () => {
    const everyone = await actors();
    const comment = await pendingComment(everyone.consultation, (await makeCitizen(db)).id);
    for (const [who, status] of refused.filter(([who]) => who === 'anonymous' || who === 'citizen')) {
      expect({ who, status: (await everyone[who].get('/api/v1/moderation/queue')).status }).toEqual({ who, status });
    }
    for (const who of ['otherModerator', 'otherOfficial', 'otherAdmin'] as const) {
      expect((await queueOf(everyone[who])).some((i) => i.commentId === comment.id)).toBe(false);
    }
    for (const who of allowed) {
      expect((await queueOf(everyone[who])).some((i) => i.commentId === comment.id)).toBe(true);
    }
  });

  it('lets the moderators of every organization behind a joint consultation act', async () => {
    const first = await makeOrganization(db);
    const second = await makeOrganization(db);
    const consultation = await makeConsultation(db, { organizationIds: [first.id, second.id] });
    const comment = await pendingComment(consultation, (await makeCitizen(db)).id);
    const secondModerator = await staff('moderator', second.id);
    expect((await queueOf(secondModerator.client)).some((i) => i.commentId === comment.id)).toBe(true);
    expect((await moderate(secondModerator.client, comment.id, 'approve')).status).toBe(200);
  });

  it('refuses claims, blocks and the log to everyone but the staff behind the consultation', async () => {
    const everyone = await actors();
    const author = await makeCitizen(db);
    const comment = await pendingComment(everyone.consultation, author.id);
    for (const [who, status] of refused) {
      expect({ who, claim: (await everyone[who].post(`/api/v1/moderation/queue/${comment.id}/claim`)).status }).toEqual({ who, claim: status });
      expect({ who, block: (await everyone[who].post(`/api/v1/users/${author.id}/block`, { reason: 'spam' })).status }).toEqual({ who, block: status });
      expect({ who, log: (await everyone[who].get(`/api/v1/consultations/${everyone.consultation.slug}/moderation-log`)).status }).toEqual({
        who,
        log: status,
      });
    }
    expect((await everyone.official.get(`/api/v1/consultations/${everyone.consultation.slug}/moderation-log`)).status).toBe(200);
    expect((await everyone.citizen.get('/moderation')).status).toBe(403);
    expect((await everyone.anonymous.get('/moderation')).status).toBe(302);
  });
});

describe('claims', () => {
  it('keeps a second moderator off an item until the claim lapses after five minutes', async () => {
    const { organization, consultation, moderator } = await setting();
    const colleague = await staff('moderator', organization.id, 'Kalle Kollega');
    const comment = await pendingComment(consultation, (await makeCitizen(db)).id);

    const claimed = await moderator.client.post(`/api/v1/moderation/queue/${comment.id}/claim`);
    expect(claimed.status).toBe(200);
    const { claim } = await json(claimed);
    expect(claim).toMatchObject({ commentId: comment.id, moderatorId: moderator.user.id });
    const minutes = (Date.parse(claim.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);

    const item = (await queueOf(colleague.client)).find((i) => i.commentId === comment.id);
    expect(item?.claim).toMatchObject({ moderatorId: moderator.user.id, moderatorName: 'Mona Moderator' });
    const taken = await colleague.client.post(`/api/v1/moderation/queue/${comment.id}/claim`);
    expect(taken.status).toBe(409);
    expect((await json(taken)).error).toMatchObject({ code: 'claimed', message: expect.stringContaining('Mona Moderator') });
    const acted = await moderate(colleague.client, comment.id, 'approve');
    expect(acted.status).toBe(409);
    expect((await json(acted)).error.code).toBe('claimed');
    expect(await logOf(comment.id)).toEqual([]);

    await db.updateTable('moderation_claims').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('comment_id', '=', comment.id).execute();
    expect((await colleague.client.post(`/api/v1/moderation/queue/${comment.id}/claim`)).status).toBe(200);
    expect((await moderate(colleague.client, comment.id, 'approve')).status).toBe(200);
    expect(await db.selectFrom('moderation_claims').select('comment_id').where('comment_id', '=', comment.id).execute()).toEqual([]);
  });

  it('gives an item back when its moderator releases it', async () => {
    const { organization, consultation, moderator } = await setting();
    const colleague = await staff('moderator', organization.id);
    const comment = await pendingComment(consultation, (await makeCitizen(db)).id);
    await moderator.client.post(`/api/v1/moderation/queue/${comment.id}/claim`);
    expect((await colleague.client.delete(`/api/v1/moderation/queue/${comment.id}/claim`)).status).toBe(204);
    expect((await colleague.client.post(`/api/v1/moderation/queue/${comment.id}/claim`)).status).toBe(409);
    expect((await moderator.client.delete(`/api/v1/moderation/queue/${comment.id}/claim`)).status).toBe(204);
    expect((await colleague.client.post(`/api/v1/moderation/queue/${comment.id}/claim`)).status).toBe(200);
  });
});

describe('blocking', () => {
  it('stops a blocked user from writing with a clear error, lets them read, and logs block and unblock', async () => {
    const { consultation, moderator } = await setting();
    const author = await citizen();
    const comment = await write(author.client, consultation, 'Ett första inlägg.');
    const other = await write((await citizen()).client, consultation, 'Någon annans inlägg.');

    const blocked = await moderator.client.post(`/api/v1/users/${author.user.id}/block`, { reason: 'spam', note: 'Samma reklam tio gånger.', commentId: comment.id });
    expect(blocked.status).toBe(200);
    expect((await json(blocked)).block).toMatchObject({ userId: author.user.id, blocked: true, reason: 'spam' });

    const refused = await author.client.post(`/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: 'Igen.' });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toEqual({ code: 'blocked', message: expect.stringMatching(/spärrat/) });
    expect((await author.client.post(`/api/v1/comments/${other.id}/flags`, { reason: 'spam' })).status).toBe(403);
    expect((await author.client.put(`/api/v1/comments/${other.id}/support`)).status).toBe(403);
    expect((await author.client.get(`/api/v1/consultations/${consultation.slug}/comments`)).status).toBe(200);
    expect((await json(await author.client.get('/api/v1/me'))).user.blocked).toBe(true);
    expect((await moderator.client.post(`/api/v1/users/${author.user.id}/block`, { reason: 'spam' })).status).toBe(409);

    expect((await moderator.client.delete(`/api/v1/users/${author.user.id}/block`)).status).toBe(200);
    expect((await author.client.post(`/api/v1/consultations/${consultation.slug}/comments`, { topicId: topicOf(consultation), body: 'Nu går det.' })).status).toBe(201);

    const rows = await db.selectFrom('moderation_actions').selectAll().where('user_id', '=', author.user.id).orderBy('id').execute();
    expect(rows).toEqual([
      expect.objectContaining({ action: 'block', moderator_id: moderator.user.id, reason_code: 'spam', note: 'Samma reklam tio gånger.', comment_id: comment.id }),
      expect.objectContaining({ action: 'unblock', moderator_id: moderator.user.id, reason_code: 'other' }),
    ]);
    const log = await json(await moderator.client.get(`/api/v1/consultations/${consultation.slug}/moderation-log`));
    expect(log.entries[0]).toMatchObject({ action: 'block', reason: 'spam', user: { id: author.user.id }, comment: { id: comment.id } });
  });

  it('refuses to block someone who never wrote in the moderator’s consultations', async () => {
    const { moderator } = await setting();
    const stranger = await makeCitizen(db);
    const response = await moderator.client.post(`/api/v1/users/${stranger.id}/block`, { reason: 'spam' });
    expect(response.status).toBe(403);
    expect((await db.selectFrom('users').select('blocked_at').where('id', '=', stranger.id).executeTakeFirstOrThrow()).blocked_at).toBeNull();
  });
});

describe('the moderation log', () => {
  it('lists the actions on a consultation’s comments, newest first, for its moderators and officials', async () => {
    const { organization, consultation, moderator } = await setting();
    const official = await staff('official', organization.id);
    const comment = await pendingComment(consultation, (await makeCitizen(db)).id, 'Väntar på beslut.');
    await moderate(moderator.client, comment.id, 'approve', 'other');
    await moderate(moderator.client, comment.id, 'hide', 'off_topic', 'Handlar om något annat.');
    const response = await official.client.get(`/api/v1/consultations/${consultation.slug}/moderation-log`);
    expect(response.status).toBe(200);
    const { entries } = await json(response);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['hide', 'approve']);
    expect(entries[0]).toMatchObject({
      reason: 'off_topic',
      note: 'Handlar om något annat.',
      moderator: { id: moderator.user.id, displayName: 'Mona Moderator' },
      comment: { id: comment.id, body: 'Väntar på beslut.', state: 'hidden' },
    });
    const page = await (await official.client.get(`/consultations/${consultation.slug}/moderation-log`)).text();
    expect(page).toContain('Handlar om något annat.');
    expect(page).toContain('href="/moderering/policy#off_topic"');
  });

  it('cannot be altered: UPDATE and DELETE of a logged action fail at the database', async () => {
    const { consultation, moderator } = await setting();
    const comment = await pendingComment(consultation, (await makeCitizen(db)).id);
    await moderate(moderator.client, comment.id, 'approve');
    const [row] = await logOf(comment.id);
    await expect(db.updateTable('moderation_actions').set({ reason_code: 'spam' }).where('id', '=', row!.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('moderation_actions').where('id', '=', row!.id).execute()).rejects.toThrow(/append-only/);
    expect(await logOf(comment.id)).toEqual([row]);
  });
});

describe('the pages', () => {
  it('lets a moderator decide from the queue page with a plain form post, without JavaScript', async () => {
    const { consultation, moderator } = await setting({ moderationMode: 'pre' });
    const author = await makeCitizen(db, { displayName: 'Åsa Öberg' });
    const comment = await pendingComment(consultation, author.id, `Ring mig på 070-123 45 67.`);
    const page = await (await moderator.client.get('/moderation')).text();
    expect(page).toContain('Åsa Öberg');
    expect(page).toContain('<mark class="filter-hit filter-hit--phone">070-123 45 67');
    expect(page).toMatch(/aria-keyshortcuts="G"/);

    const posted = await moderator.client.form('/moderation', { intent: 'reject', commentId: String(comment.id), reason: 'personal_data', note: '' });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Synpunkten avvisades.');
    expect(await stateOf(comment.id)).toMatchObject({ state: 'rejected', state_reason: 'personal_data' });
    expect(await logOf(comment.id)).toHaveLength(1);
  });

  it('blocks and unblocks the author from the queue page', async () => {
    const { consultation, moderator } = await setting({ moderationMode: 'pre' });
    const author = await makeCitizen(db);
    const comment = await pendingComment(consultation, author.id);
    const fields = { commentId: String(comment.id), authorId: String(author.id), reason: 'spam', note: '' };
    const blocked = await moderator.client.form('/moderation', { ...fields, intent: 'block' });
    expect(blocked.status).toBe(200);
    expect(await blocked.text()).toContain('Häv spärren av skribentens konto');
    expect((await db.selectFrom('users').select('blocked_reason').where('id', '=', author.id).executeTakeFirstOrThrow()).blocked_reason).toBe('spam');
    expect((await moderator.client.form('/moderation', { ...fields, intent: 'unblock' })).status).toBe(200);
    expect((await db.selectFrom('users').select('blocked_at').where('id', '=', author.id).executeTakeFirstOrThrow()).blocked_at).toBeNull();
  });

  it('restores a hidden comment from the log page', async () => {
    const { consultation, moderator } = await setting();
    const comment = await makeComment(db, { consultationId: consultation.id, topicId: topicOf(consultation), authorId: (await makeCitizen(db)).id });
    await moderate(moderator.client, comment.id, 'hide', 'spam');
    const posted = await moderator.client.form(`/consultations/${consultation.slug}/moderation-log`, { intent: 'restore', commentId: String(comment.id), reason: 'other' });
    expect(posted.status).toBe(200);
    expect((await stateOf(comment.id)).state).toBe('published');
  });

  it('publishes the moderation policy in Swedish and English with an anchor per reason', async () => {
    const swedish = await (await new Client(server.url).get('/moderering/policy')).text();
    const english = await (await new Client(server.url).get('/moderering/policy', { cookie: 'lang=en' })).text();
    for (const reason of REASON_CODES) {
      expect(swedish).toContain(`id="${reason}"`);
      expect(english).toContain(`id="${reason}"`);
    }
    expect(swedish).toContain('Modereringspolicy');
    expect(english).toContain('Moderation policy');
  });
});

describe('live', () => {
  it('shows an approved pending comment to readers in the room, and drops it from the other moderator’s queue', async () => {
    const { organization, consultation, moderator } = await setting({ moderationMode: 'pre' });
    const colleague = await staff('moderator', organization.id);
    const outsider = await staff('moderator', (await makeOrganization(db)).id);
    const author = await citizen();

    const reader = await connected(connect());
    const readerEvents = record(reader);
    expect(await reader.emitWithAck('consultation:join', { slug: consultation.slug })).toMatchObject({ ok: true });
    const colleagueEvents = record(await connected(connect(await cookieFor(colleague.user.id))));
    const outsiderEvents = record(await connected(connect(await cookieFor(outsider.user.id))));

    const comment = await write(author.client, consultation, 'Bussen ska gå varje halvtimme.');
    expect(comment.state).toBe('pending');
    const added = await until(() => colleagueEvents.find((e) => e.name === 'moderation:queue' && e.payload.item.commentId === comment.id), 'the item in the queue');
    expect(added.payload).toMatchObject({ eventId: expect.any(Number), change: 'added', item: { reasons: ['pending'], comment: { body: 'Bussen ska gå varje halvtimme.' } } });
    expect(added.payload).not.toHaveProperty('organizationIds');

    expect((await moderate(moderator.client, comment.id, 'approve')).status).toBe(200);
    const created = await until(() => readerEvents.find((e) => e.name === 'comment:created'), 'the approved comment');
    expect(created.payload).toMatchObject({ eventId: expect.any(Number), comment: { id: comment.id, state: 'published', body: 'Bussen ska gå varje halvtimme.' } });
    const removed = await until(
      () => colleagueEvents.find((e) => e.name === 'moderation:queue' && e.payload.change === 'removed'),
      'the item leaving the queue',
    );
    expect(removed.payload.item).toEqual({ commentId: comment.id, consultationId: consultation.id });

    // The outsider's own organization gets an item next; by then, anything for the first would have arrived.
    const theirs = await setting();
    await db.insertInto('memberships').values({ user_id: outsider.user.id, organization_id: theirs.organization.id, role: 'moderator' }).execute();
    const outsiderAgain = record(await connected(connect(await cookieFor(outsider.user.id))));
    const sentinel = await write(author.client, theirs.consultation, `Personnummer ${VALID_PERSONNUMMER}.`);
    await until(() => outsiderAgain.find((e) => e.payload?.item?.commentId === sentinel.id), 'the outsider’s own item');
    expect(outsiderEvents.filter((e) => e.name === 'moderation:queue')).toEqual([]);
    expect(readerEvents.filter((e) => e.name === 'moderation:queue')).toEqual([]);
    expect(readerEvents.filter((e) => e.name === 'comment:created')).toHaveLength(1);
  });

  it('replaces a hidden comment for readers with a placeholder that has no text', async () => {
    const { consultation, moderator } = await setting();
    const author = await citizen();
    const comment = await write(author.client, consultation, 'Text som ska bort.');
    const reader = await connected(connect());
    const events = record(reader);
    await reader.emitWithAck('consultation:join', { slug: consultation.slug });

    expect((await moderate(moderator.client, comment.id, 'hide', 'hate')).status).toBe(200);
    const updated = await until(() => events.find((e) => e.name === 'comment:updated'), 'the hidden comment');
    expect(updated.payload.comment).toMatchObject({ id: comment.id, state: 'hidden', stateReason: 'hate', body: null, author: null });
    expect(JSON.stringify(events)).not.toContain('Text som ska bort.');

    expect((await moderate(moderator.client, comment.id, 'restore', 'other')).status).toBe(200);
    const restored = await until(() => events.find((e) => e.name === 'comment:updated' && e.payload.comment.state === 'published'), 'the restored comment');
    expect(restored.payload.comment).toMatchObject({ id: comment.id, body: 'Text som ska bort.' });
    expect(events.filter((e) => e.name === 'comment:created')).toEqual([]);
  });
});

describe('live, for comments readers never saw', () => {
  it('tells readers nothing when a pending comment is hidden or rejected', async () => {
    const { consultation, moderator } = await setting({ moderationMode: 'pre' });
    const author = await citizen();
    const hidden = await write(author.client, consultation, 'Hemlig ett.');
    const rejected = await write(author.client, consultation, 'Hemlig två.');
    const approved = await write(author.client, consultation, 'Den här publiceras.');
    const reader = await connected(connect());
    const events = record(reader);
    await reader.emitWithAck('consultation:join', { slug: consultation.slug });

    expect((await moderate(moderator.client, hidden.id, 'hide', 'spam')).status).toBe(200);
    expect((await moderate(moderator.client, rejected.id, 'reject', 'spam')).status).toBe(200);
    expect((await moderate(moderator.client, approved.id, 'approve')).status).toBe(200);
    await until(() => events.find((e) => e.name === 'comment:created'), 'the approved comment');
    expect(events.filter((e) => e.name.startsWith('comment:')).map((e) => e.payload.comment.id)).toEqual([approved.id]);
  });
});

describe('nothing is deleted', () => {
  type Step =
    | { kind: 'create'; author: number; personal: boolean; reply: number | null }
    | { kind: 'edit'; author: number; target: number; personal: boolean }
    | { kind: 'withdraw'; author: number; target: number }
    | { kind: 'flag'; author: number; target: number }
    | { kind: 'moderate'; target: number; action: (typeof COMMENT_ACTIONS)[number] }
    | { kind: 'block'; author: number }
    | { kind: 'unblock'; author: number };

  const author = fc.nat({ max: 3 });
  const target = fc.nat({ max: 20 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), author, personal: fc.boolean(), reply: fc.option(target, { nil: null }) }),
    fc.record({ kind: fc.constant('edit' as const), author, target, personal: fc.boolean() }),
    fc.record({ kind: fc.constant('withdraw' as const), author, target }),
    fc.record({ kind: fc.constant('flag' as const), author, target }),
    fc.record({ kind: fc.constant('moderate' as const), target, action: fc.constantFrom(...COMMENT_ACTIONS) }),
    fc.record({ kind: fc.constant('block' as const), author }),
    fc.record({ kind: fc.constant('unblock' as const), author }),
  );

  it('keeps every comment row and every revision after any sequence of actions', async () => {
    const organization = await makeOrganization(db);
    const moderatorUser = await makeUser(db, { role: 'moderator', organizationId: organization.id });
    const moderator = (await findAccount(db, moderatorUser.id))!;
    const citizens = await Promise.all([0, 1, 2, 3].map(() => makeCitizen(db)));

    await fc.assert(
      fc.asyncProperty(fc.constantFrom('pre' as const, 'post' as const), fc.array(step, { minLength: 1, maxLength: 25 }), async (mode, steps) => {
        const consultation = await makeConsultation(db, { organizationIds: [organization.id], moderationMode: mode, flagThreshold: 2 });
        await db.updateTable('users').set({ blocked_at: null, blocked_reason: null }).where('id', 'in', citizens.map((c) => c.id)).execute();
        const created: number[] = [];
        const seen = { comments: new Map<number, string>(), revisions: new Set<number>() };
        const pick = (index: number) => created[index % Math.max(created.length, 1)];
        const body = (personal: boolean) => (personal ? `Mitt nummer är ${VALID_PERSONNUMMER}.` : `Synpunkt ${Math.random()}`);

        for (const s of steps) {
          const actor = citizens[s.kind === 'moderate' ? 0 : s.author]!;
          const logBefore = await countLog(consultation.id);
          try {
            if (s.kind === 'create') {
              const parentId = s.reply === null ? null : pick(s.reply) ?? null;
              const { comment } = await createComment(db, actor, { slug: consultation.slug, topicId: topicOf(consultation), parentId, body: body(s.personal) });
              created.push(comment.id);
            } else if (s.kind === 'block' || s.kind === 'unblock') {
              if (created.length === 0) continue;
              const commentId = pick(0)!;
              const { author_id } = await db.selectFrom('comments').select('author_id').where('id', '=', commentId).executeTakeFirstOrThrow();
              if (s.kind === 'block') await blockUser(db, moderator, author_id, { reason: 'spam', commentId });
              else await unblockUser(db, moderator, author_id, { reason: 'other' });
            } else {
              const id = pick(s.target);
              if (id === undefined) continue;
              if (s.kind === 'edit') await editComment(db, actor, id, { body: body(s.personal) });
              if (s.kind === 'withdraw') await withdrawComment(db, actor, id);
              if (s.kind === 'flag') await flagComment(db, actor, id, { reason: 'spam' });
              if (s.kind === 'moderate') {
                await moderateComment(db, moderator, id, { action: s.action, reason: 'other' });
                expect(await countLog(consultation.id)).toBe(logBefore + 1);
              }
            }
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            expect(await countLog(consultation.id)).toBe(logBefore);
          }

          const rows = await db.selectFrom('comments').select(['id', 'body']).where('consultation_id', '=', consultation.id).execute();
          const ids = new Set(rows.map((r) => r.id));
          for (const id of seen.comments.keys()) expect(ids.has(id)).toBe(true);
          for (const row of rows) seen.comments.set(row.id, row.body);
          const revisions = await db.selectFrom('comment_revisions as r').innerJoin('comments as c', 'c.id', 'r.comment_id').select('r.id').where('c.consultation_id', '=', consultation.id).execute();
          const revisionIds = new Set(revisions.map((r) => r.id));
          for (const id of seen.revisions) expect(revisionIds.has(id)).toBe(true);
          for (const id of revisionIds) seen.revisions.add(id);
        }
        expect([...seen.comments.keys()].sort()).toEqual([...created].sort());
      }),
      { numRuns: 15 },
    );
  });

  async function countLog(consultationId: number) {
    const { n } = await db
      .selectFrom('moderation_actions as a')
      .leftJoin('comments as c', 'c.id', 'a.comment_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.consultation_id', '=', consultationId)
      .where('a.action', 'in', ['approve', 'hide', 'reject', 'restore'])
      .where('a.moderator_id', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(n);
  }
});
