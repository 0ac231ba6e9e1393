import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../app/realtime/events.js';
import { runPollSchedule } from '../server/polls/manage.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeCitizen, makeConsultation, makeOrganization, makePoll, makeUser, sessionCookieFor } from './factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const db = () => server.database.db;

/** A client signed in as the user, without the login form (fast enough for hundreds). */
async function clientFor(userId: number) {
  const client = new Client(server.url);
  client.cookie = await sessionCookieFor(db(), userId, server.services.sessionSecret);
  return client;
}

async function citizenClient() {
  return clientFor((await makeCitizen(db())).id);
}

async function consultationWithOfficial() {
  const organization = await makeOrganization(db());
  const consultation = await makeConsultation(db(), { organizationIds: [organization.id] });
  const official = await makeUser(db(), { role: 'official', organizationId: organization.id });
  return { organization, consultation, official: await clientFor(official.id) };
}

const newPoll = (overrides: Record<string, unknown> = {}) => ({
  question: 'Vilken tid passar bäst för nästa möte?',
  kind: 'single',
  options: ['Förmiddag', 'Eftermiddag', 'Kväll'],
  resultsVisibility: 'live',
  ...overrides,
});

async function countsInDatabase(pollId: number) {
  const ballots = await db().selectFrom('poll_ballots').select((eb) => eb.fn.countAll<number>().as('n')).where('poll_id', '=', pollId).executeTakeFirstOrThrow();
  const votes = await db()
    .selectFrom('poll_votes')
    .select(['option_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('poll_id', '=', pollId)
    .groupBy('option_id')
    .execute();
  return { ballots: Number(ballots.n), byOption: Object.fromEntries(votes.map((v) => [v.option_id, Number(v.n)])) };
}

describe('officials running polls', () => {
  it('creates a poll as a draft that the public cannot see, then opens it to everyone', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const created = await official.post(`/api/v1/consultations/${consultation.slug}/polls`, newPoll());
    expect(created.status).toBe(201);
    const { poll } = await json(created);
    expect(poll).toMatchObject({
      question: 'Vilken tid passar bäst för nästa möte?',
      kind: 'single',
      status: 'draft',
      resultsVisibility: 'live',
      allowOther: false,
      options: [{ label: 'Förmiddag' }, { label: 'Eftermiddag' }, { label: 'Kväll' }],
    });

    const anonymous = new Client(server.url);
    expect((await anonymous.get(`/api/v1/polls/${poll.id}`)).status).toBe(404);
    expect((await json(await anonymous.get(`/api/v1/consultations/${consultation.slug}`))).consultation.polls).toEqual([]);

    const opened = await official.patch(`/api/v1/polls/${poll.id}`, { status: 'open' });
    expect(opened.status).toBe(200);
    expect((await json(opened)).poll.status).toBe('open');

    const seen = await json(await anonymous.get(`/api/v1/polls/${poll.id}`));
    expect(seen.poll.status).toBe('open');
    expect(seen.results).toEqual({
      totalVotes: 0,
      options: poll.options.map((o: { id: number; label: string }) => ({ ...o, votes: 0 })),
    });
    const detail = await json(await anonymous.get(`/api/v1/consultations/${consultation.slug}`));
    expect(detail.consultation.polls).toEqual([expect.objectContaining({ id: poll.id, status: 'open', results: seen.results })]);
  });

  it('asks for 2 to 12 distinct options', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const path = `/api/v1/consultations/${consultation.slug}/polls`;
    for (const options of [['Bara ett'], Array.from({ length: 13 }, (_, i) => `Alternativ ${i + 1}`), ['Ja', 'ja']]) {
      const response = await official.post(path, newPoll({ options }));
      expect(response.status).toBe(400);
      expect((await json(response)).error).toMatchObject({ code: 'invalid_input', fields: { options: expect.any(String) } });
    }
    expect((await official.post(path, newPoll({ options: Array.from({ length: 12 }, (_, i) => `Alternativ ${i + 1}`) }))).status).toBe(201);
  });

  it('lets only officials of the consultation’s organizations create, open and close polls', async () => {
    const { organization, consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, status: 'draft' });
    const other = await makeOrganization(db());
    const outsiders = [
      await citizenClient(),
      await clientFor((await makeUser(db(), { role: 'official', organizationId: other.id })).id),
      await clientFor((await makeUser(db(), { role: 'moderator', organizationId: organization.id })).id),
    ];
    for (const client of outsiders) {
      const create = await client.post(`/api/v1/consultations/${consultation.slug}/polls`, newPoll());
      expect(create.status).toBe(403);
      expect((await json(create)).error.code).toBe('forbidden');
      expect((await client.patch(`/api/v1/polls/${poll.id}`, { status: 'open' })).status).toBe(403);
    }
    const anonymous = new Client(server.url);
    expect((await anonymous.post(`/api/v1/consultations/${consultation.slug}/polls`, newPoll())).status).toBe(401);
    expect((await anonymous.patch(`/api/v1/polls/${poll.id}`, { status: 'open' })).status).toBe(401);

    const row = await db().selectFrom('polls').select('status').where('id', '=', poll.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    const polls = await db().selectFrom('polls').select('id').where('consultation_id', '=', consultation.id).execute();
    expect(polls).toHaveLength(1);
  });

  it('accepts an official of any of the organizations behind a joint consultation', async () => {
    const [lead, partner] = [await makeOrganization(db()), await makeOrganization(db())];
    const consultation = await makeConsultation(db(), { organizationIds: [lead.id, partner.id] });
    const official = await clientFor((await makeUser(db(), { role: 'official', organizationId: partner.id })).id);
    expect((await official.post(`/api/v1/consultations/${consultation.slug}/polls`, newPoll())).status).toBe(201);
  });

  it('closes an open poll once and never reopens it', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, status: 'open' });
    expect((await json(await official.patch(`/api/v1/polls/${poll.id}`, { status: 'closed' }))).poll.status).toBe('closed');
    expect((await official.patch(`/api/v1/polls/${poll.id}`, { status: 'closed' })).status).toBe(200);
    const reopen = await official.patch(`/api/v1/polls/${poll.id}`, { status: 'open' });
    expect(reopen.status).toBe(409);
    expect((await json(reopen)).error.code).toBe('invalid_transition');
  });

  it('opens and closes polls on their schedule', async () => {
    const { consultation } = await consultationWithOfficial();
    const due = await makePoll(db(), { consultationId: consultation.id, status: 'draft' });
    const later = await makePoll(db(), { consultationId: consultation.id, status: 'draft' });
    const ending = await makePoll(db(), { consultationId: consultation.id, status: 'open' });
    const now = Date.now();
    await db().updateTable('polls').set({ opens_at: new Date(now - 1000) }).where('id', '=', due.id).execute();
    await db().updateTable('polls').set({ opens_at: new Date(now + 3_600_000) }).where('id', '=', later.id).execute();
    await db().updateTable('polls').set({ closes_at: new Date(now - 1000) }).where('id', '=', ending.id).execute();

    await runPollSchedule(db(), new Date(now));
    const statuses = await db().selectFrom('polls').select(['id', 'status']).where('consultation_id', '=', consultation.id).orderBy('id').execute();
    expect(statuses).toEqual([
      { id: due.id, status: 'open' },
      { id: later.id, status: 'draft' },
      { id: ending.id, status: 'closed' },
    ]);
    const events = await db().selectFrom('events').select(['type', 'payload']).where('consultation_id', '=', consultation.id).orderBy('id').execute();
    expect(events.map((e) => [e.type, (e.payload as { poll: { id: number; status: string } }).poll])).toEqual([
      ['poll:updated', expect.objectContaining({ id: due.id, status: 'open' })],
      ['poll:updated', expect.objectContaining({ id: ending.id, status: 'closed' })],
    ]);
    expect(await runPollSchedule(db(), new Date(now))).toBe(0);
  });

  it('closes the open polls of a consultation that has closed', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, status: 'open' });
    await db().updateTable('consultations').set({ status: 'closed' }).where('id', '=', consultation.id).execute();
    await runPollSchedule(db());
    const row = await db().selectFrom('polls').select('status').where('id', '=', poll.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
  });
});

describe('voting', () => {
  it('counts a vote and replaces it when the citizen votes again', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const [yes, no] = [poll.options[0]!, poll.options[1]!];
    const citizen = await citizenClient();

    const first = await citizen.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [yes.id] });
    expect(first.status).toBe(200);
    expect((await json(first)).results.options.map((o: { votes: number }) => o.votes)).toEqual([1, 0, 0]);

    const second = await json(await citizen.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [no.id] }));
    expect(second.results.totalVotes).toBe(1);
    expect(second.results.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1, 0]);
    expect((await json(await citizen.get(`/api/v1/polls/${poll.id}`))).ballot).toEqual({ optionIds: [no.id], otherText: null });
    expect(await countsInDatabase(poll.id)).toEqual({ ballots: 1, byOption: { [no.id]: 1 } });
  });

  it('takes several options in a multiple-choice poll', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, kind: 'multiple' });
    const response = await (await citizenClient()).post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[0]!.id, poll.options[2]!.id] });
    expect(response.status).toBe(200);
    const { results } = await json(response);
    expect(results.totalVotes).toBe(1);
    expect(results.options.map((o: { votes: number }) => o.votes)).toEqual([1, 0, 1]);
  });

  it('refuses votes on draft and closed polls, unknown and extra options, and anonymous voters with the contract’s errors', async () => {
    const { consultation } = await consultationWithOfficial();
    const open = await makePoll(db(), { consultationId: consultation.id });
    const draft = await makePoll(db(), { consultationId: consultation.id, status: 'draft' });
    const closed = await makePoll(db(), { consultationId: consultation.id, status: 'closed' });
    const foreign = await makePoll(db(), { consultationId: (await makeConsultation(db())).id });
    const citizen = await citizenClient();
    const vote = (poll: { id: number }, optionIds: number[], client = citizen) => client.post(`/api/v1/polls/${poll.id}/votes`, { optionIds });

    const cases: Array<[Response, number, string, Record<string, unknown>?]> = [
      [await vote(draft, [draft.options[0]!.id]), 409, 'poll_not_open'],
      [await vote(closed, [closed.options[0]!.id]), 409, 'poll_not_open'],
      [await vote(open, [foreign.options[0]!.id]), 400, 'invalid_input', { optionIds: expect.any(String) }],
      [await vote(open, [999_999]), 400, 'invalid_input', { optionIds: expect.any(String) }],
      [await vote(open, [open.options[0]!.id, open.options[1]!.id]), 400, 'invalid_input', { optionIds: expect.any(String) }],
      [await vote(open, []), 400, 'invalid_input', { optionIds: expect.any(String) }],
      [await vote(open, [open.options[0]!.id], new Client(server.url)), 401, 'unauthorized'],
    ];
    for (const [response, status, code, fields] of cases) {
      expect(response.status).toBe(status);
      expect(await json(response)).toEqual({ error: { code, message: expect.any(String), ...(fields ? { fields } : {}) } });
    }
    expect(await countsInDatabase(open.id)).toEqual({ ballots: 0, byOption: {} });
    expect(await countsInDatabase(closed.id)).toEqual({ ballots: 0, byOption: {} });
  });

  it('refuses votes from a blocked account', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const citizen = await makeCitizen(db());
    await db().updateTable('users').set({ blocked_at: new Date(), blocked_reason: 'spam' }).where('id', '=', citizen.id).execute();
    const response = await (await clientFor(citizen.id)).post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[0]!.id] });
    expect(response.status).toBe(403);
    expect((await json(response)).error.code).toBe('blocked');
    expect(await countsInDatabase(poll.id)).toEqual({ ballots: 0, byOption: {} });
  });

  it('limits how often one citizen may vote when rate limits are on', async () => {
    const limited = await startTestServer({ rateLimits: true });
    try {
      const consultation = await makeConsultation(limited.database.db);
      const poll = await makePoll(limited.database.db, { consultationId: consultation.id });
      const citizen = new Client(limited.url);
      citizen.cookie = await sessionCookieFor(limited.database.db, (await makeCitizen(limited.database.db)).id, limited.services.sessionSecret);
      const statuses: number[] = [];
      for (let i = 0; i < 31; i += 1) {
        statuses.push((await citizen.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[i % 2]!.id] })).status);
      }
      expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('holds a single-choice ballot to one option in the database itself', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const citizen = await makeCitizen(db());
    const ballot = await db().insertInto('poll_ballots').values({ poll_id: poll.id, user_id: citizen.id }).returning('id').executeTakeFirstOrThrow();
    const vote = (option: { id: number }, kind: 'single' | 'multiple' = 'single') =>
      db().insertInto('poll_votes').values({ ballot_id: ballot.id, poll_id: poll.id, option_id: option.id, poll_kind: kind }).execute();
    await vote(poll.options[0]!);
    await expect(vote(poll.options[1]!)).rejects.toMatchObject({ code: '23505' });
    // Claiming the poll is multiple-choice does not get around it.
    await expect(vote(poll.options[1]!, 'multiple')).rejects.toMatchObject({ code: '23503' });
    await expect(db().insertInto('poll_ballots').values({ poll_id: poll.id, user_id: citizen.id }).execute()).rejects.toMatchObject({ code: '23505' });
  });

  it('shows after-vote results to those who voted and after-close results to no one until the poll closes', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const afterVote = await makePoll(db(), { consultationId: consultation.id, resultsVisibility: 'after_vote' });
    const afterClose = await makePoll(db(), { consultationId: consultation.id, resultsVisibility: 'after_close' });
    const voter = await citizenClient();
    const bystander = new Client(server.url);

    expect(await json(await bystander.get(`/api/v1/polls/${afterVote.id}`))).not.toHaveProperty('results');
    const voted = await json(await voter.post(`/api/v1/polls/${afterVote.id}/votes`, { optionIds: [afterVote.options[0]!.id] }));
    expect(voted.results.totalVotes).toBe(1);
    expect((await json(await voter.get(`/api/v1/polls/${afterVote.id}`))).results.totalVotes).toBe(1);
    expect(await json(await bystander.get(`/api/v1/polls/${afterVote.id}`))).not.toHaveProperty('results');

    const sealed = await json(await voter.post(`/api/v1/polls/${afterClose.id}/votes`, { optionIds: [afterClose.options[1]!.id] }));
    expect(sealed).not.toHaveProperty('results');
    expect(await json(await voter.get(`/api/v1/polls/${afterClose.id}`))).not.toHaveProperty('results');
    expect((await json(await official.get(`/api/v1/polls/${afterClose.id}`))).results.totalVotes).toBe(1);

    const events = await db().selectFrom('events').select('payload').where('consultation_id', '=', consultation.id).orderBy('id').execute();
    expect(events.map((e) => (e.payload as { results: unknown }).results)).toEqual([null, null]);

    await official.patch(`/api/v1/polls/${afterClose.id}`, { status: 'closed' });
    const after = await json(await bystander.get(`/api/v1/polls/${afterClose.id}`));
    expect(after.results.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1, 0]);
    const closing = await db().selectFrom('events').select('payload').where('consultation_id', '=', consultation.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((closing.payload as { results: { totalVotes: number } }).results.totalVotes).toBe(1);
  });

  it('screens "other" answers and shows them to nobody but staff', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, allowOther: true });
    const closedToOther = await makePoll(db(), { consultationId: consultation.id });
    const citizen = await citizenClient();
    const text = 'Ring mig på 070-123 45 67 så berättar jag mer';

    const response = await citizen.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [], otherText: text });
    expect(response.status).toBe(200);
    expect((await json(response)).results).toMatchObject({ totalVotes: 1, otherVotes: 1 });
    const stored = await db().selectFrom('poll_ballots').select(['other_text', 'other_held_by']).where('poll_id', '=', poll.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ other_text: text, other_held_by: ['phone'] });

    const publicView = JSON.stringify(await json(await new Client(server.url).get(`/api/v1/polls/${poll.id}`)));
    const events = JSON.stringify(await db().selectFrom('events').select('payload').where('consultation_id', '=', consultation.id).execute());
    expect(publicView).not.toContain('070');
    expect(events).not.toContain('070');

    const refused = await citizen.post(`/api/v1/polls/${closedToOther.id}/votes`, { optionIds: [], otherText: 'Något annat' });
    expect(refused.status).toBe(400);
    expect((await json(refused)).error.fields).toHaveProperty('otherText');
  });
});

describe('many votes at once', { timeout: 120_000 }, () => {
  it('counts 300 distinct voters voting at the same moment exactly', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const voters = await Promise.all(Array.from({ length: 300 }, () => citizenClient()));
    const choices = voters.map((_, i) => poll.options[i % 3]!.id);

    const responses = await Promise.all(voters.map((client, i) => client.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [choices[i]] })));
    expect(responses.map((r) => r.status)).toEqual(voters.map(() => 200));
    const totals = (await Promise.all(responses.map((r) => json(r)))).map((body) => body.results.totalVotes as number);
    expect(new Set(totals).size).toBe(300);

    const expected = { [poll.options[0]!.id]: 100, [poll.options[1]!.id]: 100, [poll.options[2]!.id]: 100 };
    expect(await countsInDatabase(poll.id)).toEqual({ ballots: 300, byOption: expected });
    const { results } = await json(await new Client(server.url).get(`/api/v1/polls/${poll.id}`));
    expect(results.totalVotes).toBe(300);
    expect(Object.fromEntries(results.options.map((o: { id: number; votes: number }) => [o.id, o.votes]))).toEqual(expected);
  });

  it('keeps one vote when one citizen sends 300 votes at once', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const citizen = await citizenClient();
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => citizen.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[i % 2]!.id] })),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const { ballots, byOption } = await countsInDatabase(poll.id);
    expect(ballots).toBe(1);
    expect(Object.values(byOption)).toEqual([1]);
    expect((await json(await citizen.get(`/api/v1/polls/${poll.id}`))).results.totalVotes).toBe(1);
  });
});

describe('live results', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.disconnect()));

  it('sends poll:updated to 50 sockets for every vote with growing totals that end at the database’s', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const received: Array<Array<{ totalVotes: number; eventId: number }>> = [];
    for (let i = 0; i < 50; i += 1) {
      const socket = connect(server.url, { transports: ['websocket'], extraHeaders: { origin: server.url }, forceNew: true });
      sockets.push(socket);
      const log: Array<{ totalVotes: number; eventId: number }> = [];
      received.push(log);
      socket.on('poll:updated', (event: LiveEvent) => {
        const { poll: updated, results } = event as LiveEvent & { poll: { id: number }; results: { totalVotes: number } };
        if (updated.id === poll.id) log.push({ totalVotes: results.totalVotes, eventId: event.eventId });
      });
      const ack = await socket.emitWithAck('consultation:join', { slug: consultation.slug });
      expect(ack.ok).toBe(true);
    }

    const votes = 40;
    const voters = await Promise.all(Array.from({ length: votes }, () => citizenClient()));
    const responses = await Promise.all(voters.map((client, i) => client.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[i % 3]!.id] })));
    expect(responses.every((r) => r.status === 200)).toBe(true);

    await expect.poll(() => received.every((log) => log.length === votes), { timeout: 10_000 }).toBe(true);
    const { ballots } = await countsInDatabase(poll.id);
    expect(ballots).toBe(votes);
    for (const log of received) {
      expect(log.map((e) => e.totalVotes)).toEqual(Array.from({ length: votes }, (_, i) => i + 1));
      expect(log.map((e) => e.eventId)).toEqual([...log.map((e) => e.eventId)].sort((a, b) => a - b));
    }
  });
});

describe('poll pages', () => {
  it('takes a vote from the form without JavaScript and returns to the consultation', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id });
    const citizen = await citizenClient();
    const page = await citizen.get(`/consultations/${consultation.slug}/polls/${poll.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(poll.question);

    const voted = await citizen.form(`/consultations/${consultation.slug}/polls/${poll.id}`, {
      optionId: String(poll.options[1]!.id),
      returnTo: `/consultations/${consultation.slug}`,
    });
    expect(voted.status).toBe(302);
    expect(voted.headers.get('location')).toBe(`/consultations/${consultation.slug}#poll-${poll.id}`);
    expect(await countsInDatabase(poll.id)).toEqual({ ballots: 1, byOption: { [poll.options[1]!.id]: 1 } });

    const refused = await citizen.form(`/consultations/${consultation.slug}/polls/${poll.id}`, {
      optionId: String(poll.options[0]!.id),
      returnTo: 'https://elsewhere.example/',
    });
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe(`/consultations/${consultation.slug}/polls/${poll.id}#poll-${poll.id}`);
  });

  it('explains a refused vote on the poll page', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, status: 'closed' });
    const response = await (await citizenClient()).form(`/consultations/${consultation.slug}/polls/${poll.id}`, { optionId: String(poll.options[0]!.id) });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('Frågan är stängd.');
  });

  it('shows a presenter view with the join address, its QR code and a results table', async () => {
    const { consultation } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, question: 'Ska biblioteket ha öppet på söndagar?' });
    await (await citizenClient()).post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[0]!.id] });
    const html = await (await new Client(server.url).get(`/consultations/${consultation.slug}/polls/${poll.id}/present`)).text();
    expect(html).toContain('Ska biblioteket ha öppet på söndagar?');
    expect(html).toContain(`${new URL(server.url).host}/p/${poll.id}`);
    expect(html).toMatch(/<div class="presenter__qr" role="img" aria-label="[^"]+"><svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(html).toMatch(/<table class="poll-table">/);

    const short = await new Client(server.url).get(`/p/${poll.id}`);
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toBe(`/consultations/${consultation.slug}/polls/${poll.id}`);
  });

  it('keeps after-close results off the presenter screen even when an official opens it', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, resultsVisibility: 'after_close', options: ['Norra skolan', 'Södra skolan'] });
    await (await citizenClient()).post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [poll.options[0]!.id] });
    const html = await (await official.get(`/consultations/${consultation.slug}/polls/${poll.id}/present`)).text();
    expect(html).not.toContain('poll-table');
    expect(html).toContain('Resultatet visas när frågan har stängts.');
  });

  it('lets officials create, open and close polls from the manage page without JavaScript', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const path = `/consultations/${consultation.slug}/manage/polls`;
    expect((await official.get(path)).status).toBe(200);
    const created = await official.form(path, {
      intent: 'create',
      question: 'Vilken plats passar bäst för nästa möte?',
      options: 'Biblioteket\r\nMedborgarhuset\r\n\r\nSkolan',
      kind: 'single',
      resultsVisibility: 'after_close',
      allowOther: 'on',
      opensAt: '2026-05-04T18:30',
      closesAt: '',
    });
    expect(created.status).toBe(302);
    const poll = await db().selectFrom('polls').selectAll().where('consultation_id', '=', consultation.id).executeTakeFirstOrThrow();
    expect(poll).toMatchObject({ status: 'draft', results_visibility: 'after_close', allow_other: true, closes_at: null });
    expect(poll.opens_at?.toISOString()).toBe('2026-05-04T16:30:00.000Z');
    const labels = await db().selectFrom('poll_options').select('label').where('poll_id', '=', poll.id).orderBy('position').execute();
    expect(labels.map((l) => l.label)).toEqual(['Biblioteket', 'Medborgarhuset', 'Skolan']);

    expect((await official.form(path, { intent: 'open', pollId: String(poll.id) })).status).toBe(302);
    expect((await official.form(path, { intent: 'close', pollId: String(poll.id) })).status).toBe(302);
    const row = await db().selectFrom('polls').select('status').where('id', '=', poll.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');

    const invalid = await official.form(path, { intent: 'create', question: '', options: 'Bara ett', kind: 'single', resultsVisibility: 'live' });
    expect(invalid.status).toBe(400);
  });

  it('shows "other" answers to officials on the manage page, marked when a filter reacted', async () => {
    const { consultation, official } = await consultationWithOfficial();
    const poll = await makePoll(db(), { consultationId: consultation.id, allowOther: true });
    const citizen = await citizenClient();
    await citizen.post(`/api/v1/polls/${poll.id}/votes`, { optionIds: [], otherText: 'Ring mig på 070-123 45 67' });
    const html = await (await official.get(`/consultations/${consultation.slug}/manage/polls`)).text();
    expect(html).toContain('Ring mig på 070-123 45 67');
    expect(html).toContain('Filtren reagerade: Telefonnummer');
    expect(await (await new Client(server.url).get(`/consultations/${consultation.slug}`)).text()).not.toContain('070-123');
  });

  it('keeps the manage page to officials', async () => {
    const { consultation } = await consultationWithOfficial();
    const path = `/consultations/${consultation.slug}/manage/polls`;
    const anonymous = await new Client(server.url).get(path);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
    expect((await (await citizenClient()).get(path)).status).toBe(403);
    expect((await (await citizenClient()).form(path, { intent: 'create', question: 'Fråga?', options: 'A\nB', kind: 'single' })).status).toBe(403);
  });
});
