import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../server/cli/commands.js';
import { runConsultationSchedule } from '../server/consultations/lifecycle.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeConsultation, makeOrganization, makeUser, PASSWORD } from './factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const db = () => server.database.db;
const DAY = 86_400_000;

async function signedIn(user: { email: string }) {
  const client = new Client(server.url);
  const login = await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
  expect(login.status).toBe(200);
  return client;
}

async function officialOf(organizationId: number) {
  const user = await makeUser(db(), { role: 'official', organizationId });
  return { user, client: await signedIn(user) };
}

async function auditRows(consultationId: number) {
  return db()
    .selectFrom('audit_log')
    .select(['actor_id', 'action', 'detail'])
    .where('target', '=', `consultation:${consultationId}`)
    .orderBy('id')
    .execute();
}

const draft = (overrides: Record<string, unknown> = {}) => ({
  title: 'Nya öppettider på Åkerbo bibliotek',
  summary: 'Vi vill höra hur du använder biblioteket.',
  bodyMd: '## Bakgrund\n\nBiblioteket har öppet 32 timmar i veckan.',
  influenceMd: 'Vilka dagar biblioteket har kvällsöppet.',
  decidedMd: 'Budgeten för 2027.',
  decisionMaker: 'Kultur- och fritidsnämnden',
  decisionDate: '2027-03-15',
  participationLevel: 'dialogue',
  moderationMode: 'pre',
  flagThreshold: 2,
  topics: [
    { title: 'Kvällar', prompt: 'Vilka kvällar passar dig?' },
    { title: 'Helger', prompt: '' },
  ],
  ...overrides,
});

describe('creating a consultation', () => {
  it('creates a draft with every field, a slug from the title and the official organization as lead', async () => {
    const organization = await makeOrganization(db());
    const { user, client } = await officialOf(organization.id);
    const response = await client.post('/api/v1/consultations', draft());
    expect(response.status).toBe(201);
    const { consultation } = await json(response);
    expect(consultation).toMatchObject({
      slug: 'nya-oppettider-pa-akerbo-bibliotek',
      title: 'Nya öppettider på Åkerbo bibliotek',
      status: 'draft',
      bodyMd: '## Bakgrund\n\nBiblioteket har öppet 32 timmar i veckan.',
      influenceMd: 'Vilka dagar biblioteket har kvällsöppet.',
      decidedMd: 'Budgeten för 2027.',
      decisionMaker: 'Kultur- och fritidsnämnden',
      decisionDate: '2027-03-15',
      participationLevel: 'dialogue',
      moderationMode: 'pre',
      flagThreshold: 2,
      nextStatuses: ['open'],
      organizations: [{ id: organization.id, slug: organization.slug, isLead: true }],
      topics: [
        { title: 'Kvällar', prompt: 'Vilka kvällar passar dig?', commentCount: 0 },
        { title: 'Helger', prompt: '', commentCount: 0 },
      ],
    });
    expect(await auditRows(consultation.id)).toEqual([expect.objectContaining({ actor_id: user.id, action: 'consultation.create' })]);
  });

  it('gives a second consultation with the same title a slug of its own', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const first = await json(await client.post('/api/v1/consultations', draft({ title: 'Skolskjuts i Västra Ösby' })));
    const second = await json(await client.post('/api/v1/consultations', draft({ title: 'Skolskjuts i Västra Ösby' })));
    expect(first.consultation.slug).toBe('skolskjuts-i-vastra-osby');
    expect(second.consultation.slug).toBe('skolskjuts-i-vastra-osby-2');
  });

  it('refuses a slug that is taken with 409', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const existing = await makeConsultation(db(), { organizationIds: [organization.id] });
    const response = await client.post('/api/v1/consultations', draft({ slug: existing.slug }));
    expect(response.status).toBe(409);
    expect((await json(response)).error).toMatchObject({ code: 'slug_taken', fields: { slug: expect.any(String) } });
  });

  it('keeps drafts away from the public list and page', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const { consultation } = await json(await client.post('/api/v1/consultations', draft({ title: 'Hemligt utkast' })));
    const anonymous = new Client(server.url);
    expect((await anonymous.get(`/api/v1/consultations/${consultation.slug}`)).status).toBe(404);
    const list = await json(await anonymous.get('/api/v1/consultations'));
    expect(list.consultations.map((c: { slug: string }) => c.slug)).not.toContain(consultation.slug);
    expect((await anonymous.get(`/consultations/${consultation.slug}`)).status).toBe(404);
  });

  it('answers anonymous 401, a citizen 403 and an official of another lead 403', async () => {
    const organization = await makeOrganization(db());
    expect((await new Client(server.url).post('/api/v1/consultations', draft())).status).toBe(401);
    const citizen = await signedIn(await makeUser(db()));
    const refused = await citizen.post('/api/v1/consultations', draft());
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('forbidden');
    const { client } = await officialOf((await makeOrganization(db())).id);
    expect((await client.post('/api/v1/consultations', draft({ leadOrganization: organization.slug }))).status).toBe(403);
  });
});

describe('joint consultations', () => {
  async function jointConsultation() {
    const lead = await makeOrganization(db());
    const partner = await makeOrganization(db());
    const leadOfficial = await officialOf(lead.id);
    const created = await leadOfficial.client.post(
      '/api/v1/consultations',
      draft({ leadOrganization: lead.slug, partnerOrganizations: [partner.slug], title: `Samverkan ${lead.slug}` }),
    );
    expect(created.status).toBe(201);
    return { lead, partner, leadOfficial, consultation: (await json(created)).consultation };
  }

  it('lists the lead first and lets officials of every organization manage it', async () => {
    const { lead, partner, consultation } = await jointConsultation();
    expect(consultation.organizations).toEqual([
      expect.objectContaining({ id: lead.id, isLead: true }),
      expect.objectContaining({ id: partner.id, isLead: false }),
    ]);
    const partnerOfficial = await officialOf(partner.id);
    const edited = await partnerOfficial.client.patch(`/api/v1/consultations/${consultation.slug}`, { summary: 'Ändrad av partnern.' });
    expect(edited.status).toBe(200);
    expect((await json(edited)).consultation.summary).toBe('Ändrad av partnern.');
  });

  it('refuses officials of an unrelated organization, citizens and moderators with 403, anonymous with 401', async () => {
    const { lead, leadOfficial, consultation } = await jointConsultation();
    const path = `/api/v1/consultations/${consultation.slug}`;
    expect((await leadOfficial.client.patch(path, { status: 'open' })).status).toBe(200);
    const outsider = await officialOf((await makeOrganization(db())).id);
    expect((await outsider.client.patch(path, { title: 'Kapad' })).status).toBe(403);
    const citizen = await signedIn(await makeUser(db()));
    expect((await citizen.patch(path, { title: 'Kapad' })).status).toBe(403);
    const moderator = await signedIn(await makeUser(db(), { role: 'moderator', organizationId: lead.id }));
    expect((await moderator.patch(path, { title: 'Kapad' })).status).toBe(403);
    expect((await new Client(server.url).patch(path, { title: 'Kapad' })).status).toBe(401);
    const row = await db().selectFrom('consultations').select('title').where('id', '=', consultation.id).executeTakeFirstOrThrow();
    expect(row.title).not.toBe('Kapad');
  });

  it('hides a draft from officials outside it with 404', async () => {
    const { consultation } = await jointConsultation();
    const outsider = await officialOf((await makeOrganization(db())).id);
    expect((await outsider.client.patch(`/api/v1/consultations/${consultation.slug}`, { title: 'x' })).status).toBe(404);
  });

  it('lets only the lead change the partners, and logs the change', async () => {
    const { partner, leadOfficial, consultation } = await jointConsultation();
    const third = await makeOrganization(db());
    const partnerOfficial = await officialOf(partner.id);
    const refused = await partnerOfficial.client.patch(`/api/v1/consultations/${consultation.slug}`, { partnerOrganizations: [partner.slug, third.slug] });
    expect(refused.status).toBe(403);

    const changed = await leadOfficial.client.patch(`/api/v1/consultations/${consultation.slug}`, { partnerOrganizations: [third.slug] });
    expect(changed.status).toBe(200);
    expect((await json(changed)).consultation.organizations.map((o: { slug: string }) => o.slug)).toEqual([
      consultation.organizations[0].slug,
      third.slug,
    ]);
    expect((await partnerOfficial.client.patch(`/api/v1/consultations/${consultation.slug}`, { summary: 'x' })).status).toBe(404);
    const rows = await auditRows(consultation.id);
    expect(rows.at(-1)).toMatchObject({ action: 'consultation.organizations', detail: { added: [third.slug], removed: [partner.slug] } });
  });

  it('answers an unknown partner organization with 400 and a field error', async () => {
    const { leadOfficial, consultation } = await jointConsultation();
    const response = await leadOfficial.client.patch(`/api/v1/consultations/${consultation.slug}`, { partnerOrganizations: ['finns-inte'] });
    expect(response.status).toBe(400);
    expect((await json(response)).error.fields).toHaveProperty('partnerOrganizations');
  });
});

describe('the lifecycle', () => {
  async function created(overrides: Record<string, unknown> = {}) {
    const organization = await makeOrganization(db());
    const official = await officialOf(organization.id);
    const { consultation } = await json(await official.client.post('/api/v1/consultations', draft({ title: `Livscykel ${organization.slug}`, ...overrides })));
    const patch = (body: unknown) => official.client.patch(`/api/v1/consultations/${consultation.slug}`, body);
    return { official, consultation, patch };
  }

  it('goes draft → open → closed → archived, each step in the audit log', async () => {
    const { official, consultation, patch } = await created({ closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    const opened = await json(await patch({ status: 'open' }));
    expect(opened.consultation).toMatchObject({ status: 'open', nextStatuses: ['closed'] });
    expect(new Date(opened.consultation.opensAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}`)).status).toBe(200);

    const closed = await json(await patch({ status: 'closed' }));
    expect(closed.consultation.status).toBe('closed');
    expect(new Date(closed.consultation.closesAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await json(await patch({ status: 'archived' }))).consultation.status).toBe('archived');

    const steps = (await auditRows(consultation.id)).filter((r) => r.action === 'consultation.status');
    expect(steps).toEqual([
      { actor_id: official.user.id, action: 'consultation.status', detail: { from: 'draft', to: 'open' } },
      { actor_id: official.user.id, action: 'consultation.status', detail: { from: 'open', to: 'closed' } },
      { actor_id: official.user.id, action: 'consultation.status', detail: { from: 'closed', to: 'archived' } },
    ]);
  });

  it('refuses invalid transitions with 409 and changes nothing', async () => {
    const { consultation, patch } = await created();
    for (const status of ['closed', 'archived']) {
      const response = await patch({ status, title: 'Ska inte sparas' });
      expect(response.status).toBe(409);
      expect((await json(response)).error.code).toBe('invalid_transition');
    }
    await patch({ status: 'open' });
    expect((await patch({ status: 'draft' })).status).toBe(409);
    expect((await patch({ status: 'archived' })).status).toBe(409);
    await patch({ status: 'closed' });
    expect((await patch({ status: 'draft' })).status).toBe(409);
    await patch({ status: 'archived' });
    const archived = await patch({ status: 'open' });
    expect(archived.status).toBe(409);
    expect((await json(archived)).error.code).toBe('archived');
    const row = await db().selectFrom('consultations').select(['title', 'status']).where('id', '=', consultation.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: consultation.title, status: 'archived' });
  });

  it('reopens a closed consultation only with an end date ahead', async () => {
    const { patch } = await created();
    await patch({ status: 'open' });
    await patch({ status: 'closed' });
    const refused = await patch({ status: 'open' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: 'closes_in_past', fields: { closesAt: expect.any(String) } });
    const closesAt = new Date(Date.now() + 7 * DAY).toISOString();
    const reopened = await json(await patch({ status: 'open', closesAt }));
    expect(reopened.consultation).toMatchObject({ status: 'open', closesAt });
  });

  it('refuses to open a consultation without topics', async () => {
    const { patch } = await created({ topics: [] });
    const response = await patch({ status: 'open' });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('not_ready');
  });

  it('locks the slug once the consultation has opened', async () => {
    const { official, consultation, patch } = await created();
    const slug = `${consultation.slug}-ny`;
    expect((await patch({ slug })).status).toBe(200);
    const path = `/api/v1/consultations/${slug}`;
    expect((await official.client.patch(path, { status: 'open' })).status).toBe(200);
    const response = await official.client.patch(path, { slug: 'annan-adress' });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('slug_locked');
  });
});

describe('editing', () => {
  it('edits, reorders, adds and removes topics, keeping their ids', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const { consultation } = await json(await client.post('/api/v1/consultations', draft({ title: `Frågor ${organization.slug}` })));
    const [evenings, weekends] = consultation.topics;
    const response = await client.patch(`/api/v1/consultations/${consultation.slug}`, {
      topics: [
        { id: weekends.id, title: 'Helger och lov', prompt: 'Lördagar?' },
        { title: 'Meröppet', prompt: 'Utan personal?' },
      ],
    });
    expect(response.status).toBe(200);
    const { topics } = (await json(response)).consultation;
    expect(topics).toEqual([
      { id: weekends.id, title: 'Helger och lov', prompt: 'Lördagar?', commentCount: 0 },
      { id: expect.any(Number), title: 'Meröppet', prompt: 'Utan personal?', commentCount: 0 },
    ]);
    expect(topics.map((t: { id: number }) => t.id)).not.toContain(evenings.id);
  });

  it('refuses to remove a topic that has comments', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const consultation = await makeConsultation(db(), { organizationIds: [organization.id] });
    const author = await makeUser(db());
    await db()
      .insertInto('comments')
      .values({ consultation_id: consultation.id, topic_id: consultation.topics[0]!.id, author_id: author.id, body: 'Bra förslag', state: 'published' })
      .execute();
    const response = await client.patch(`/api/v1/consultations/${consultation.slug}`, {
      topics: [{ id: consultation.topics[1]!.id, title: 'Andra frågan' }],
    });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('topic_in_use');
  });

  it('refuses an end before the start with 400', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const response = await client.post(
      '/api/v1/consultations',
      draft({ opensAt: '2027-02-01T09:00:00+01:00', closesAt: '2027-01-01T09:00:00+01:00' }),
    );
    expect(response.status).toBe(400);
    expect((await json(response)).error.fields).toHaveProperty('closesAt');
  });

  const badBodies: Array<[string, unknown]> = [
    ['an empty title', { title: '' }],
    ['an unknown field', { moderation_mode: 'pre' }],
    ['an unknown participation level', { participationLevel: 'tokenism' }],
    ['a date without a time zone', { opensAt: '2027-01-01T09:00' }],
    ['a slug with Swedish letters', { slug: 'öppet-hus' }],
    ['a topic without a title', { topics: [{ title: '' }] }],
    ['a topic of another consultation', { topics: [{ id: 999_999, title: 'x' }] }],
    ['a flag threshold of zero', { flagThreshold: 0 }],
    ['an array', [1, 2]],
    ['a string status', { status: 'published' }],
    ['a NUL character in a text', { summary: 'före\u0000efter' }],
    ['a partner that is not a slug', { partnerOrganizations: ['Arboga kommun'] }],
  ];
  for (const [name, body] of badBodies) {
    it(`answers ${name} with the contract's 400`, async () => {
      const organization = await makeOrganization(db());
      const { client } = await officialOf(organization.id);
      const consultation = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft' });
      const response = await client.patch(`/api/v1/consultations/${consultation.slug}`, body);
      expect(response.status).toBe(400);
      expect((await json(response)).error).toMatchObject({ code: 'invalid_input', message: expect.any(String) });
    });
  }

  it('answers invalid JSON, a form body and a wrong method with JSON errors', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const consultation = await makeConsultation(db(), { organizationIds: [organization.id] });
    const path = `/api/v1/consultations/${consultation.slug}`;
    expect((await client.patch(path, '{"title":', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await client.form('/api/v1/consultations', { title: 'x' })).status).toBe(415);
    const wrong = await client.post(path, { title: 'x' });
    expect(wrong.status).toBe(405);
    expect((await json(wrong)).error.code).toBe('method_not_allowed');
    expect((await client.patch('/api/v1/consultations/finns-inte', { title: 'x' })).status).toBe(404);
    expect((await client.patch('/api/v1/consultations/%00', { title: 'x' })).status).toBe(404);
  });
});

describe('feedback', () => {
  it('is public only after it is published, and publishing is logged', async () => {
    const organization = await makeOrganization(db());
    const { user, client } = await officialOf(organization.id);
    const consultation = await makeConsultation(db(), { organizationIds: [organization.id], status: 'closed' });
    const path = `/api/v1/consultations/${consultation.slug}`;
    const anonymous = new Client(server.url);

    const saved = await json(await client.patch(path, { feedbackMd: 'Vi hörde att många vill ha kvällsöppet.' }));
    expect(saved.consultation).toMatchObject({ feedbackMd: 'Vi hörde att många vill ha kvällsöppet.', feedbackPublishedAt: null });
    expect((await json(await anonymous.get(path))).consultation).toMatchObject({ feedbackMd: null, feedbackPublishedAt: null });
    expect(await (await anonymous.get(`/consultations/${consultation.slug}`)).text()).not.toContain('många vill ha kvällsöppet');

    const published = await json(await client.patch(path, { publishFeedback: true }));
    expect(published.consultation.feedbackPublishedAt).not.toBeNull();
    expect((await json(await anonymous.get(path))).consultation.feedbackMd).toBe('Vi hörde att många vill ha kvällsöppet.');
    expect(await (await anonymous.get(`/consultations/${consultation.slug}`)).text()).toContain('många vill ha kvällsöppet');
    expect((await auditRows(consultation.id)).filter((r) => r.action === 'consultation.feedback.publish')).toEqual([
      { actor_id: user.id, action: 'consultation.feedback.publish', detail: { republished: false } },
    ]);
  });

  it('reaches the participants on their own page, and only them', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const consultation = await makeConsultation(db(), { organizationIds: [organization.id], status: 'closed', title: 'Ny återvinningscentral' });
    const participant = await makeUser(db());
    await db()
      .insertInto('comments')
      .values({ consultation_id: consultation.id, topic_id: consultation.topics[0]!.id, author_id: participant.id, body: 'Öppna på lördagar', state: 'withdrawn' })
      .execute();
    const ownPage = async (user: { email: string }) => (await (await signedIn(user)).get('/mina-sidor')).text();
    await client.patch(`/api/v1/consultations/${consultation.slug}`, { feedbackMd: 'Centralen får **lördagsöppet**.' });
    expect(await ownPage(participant)).not.toContain('lördagsöppet');

    await client.patch(`/api/v1/consultations/${consultation.slug}`, { publishFeedback: true });
    const page = await ownPage(participant);
    expect(page).toContain('Återkoppling på samråd du deltagit i');
    expect(page).toContain('Ny återvinningscentral');
    expect(page).toContain('<strong>lördagsöppet</strong>');
    expect(await ownPage(await makeUser(db()))).not.toContain('lördagsöppet');
  });

  it('refuses to publish empty feedback or feedback on a draft', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const closed = await makeConsultation(db(), { organizationIds: [organization.id], status: 'closed' });
    expect((await client.patch(`/api/v1/consultations/${closed.slug}`, { publishFeedback: true })).status).toBe(400);
    const drafted = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft' });
    const response = await client.patch(`/api/v1/consultations/${drafted.slug}`, { feedbackMd: 'Tack!', publishFeedback: true });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('not_open');
  });
});

describe('the schedule', () => {
  it('opens a draft whose officials asked for it once its start has come, and logs it', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const opensAt = new Date(Date.now() + 2 * DAY);
    const { consultation } = await json(
      await client.post(
        '/api/v1/consultations',
        draft({ title: `Schemalagt ${organization.slug}`, opensAt: opensAt.toISOString(), closesAt: new Date(opensAt.getTime() + 14 * DAY).toISOString(), openOnSchedule: true }),
      ),
    );
    const unscheduled = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft' });
    await db().updateTable('consultations').set({ opens_at: new Date(Date.now() - DAY) }).where('id', '=', unscheduled.id).execute();

    const early = await runConsultationSchedule(db(), new Date(opensAt.getTime() - 60_000));
    expect(early.opened).not.toContain(consultation.slug);
    const due = await runConsultationSchedule(db(), new Date(opensAt.getTime() + 60_000));
    expect(due.opened).toContain(consultation.slug);
    expect(due.opened).not.toContain(unscheduled.slug);

    const status = async (id: number) => (await db().selectFrom('consultations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(consultation.id)).toBe('open');
    expect(await status(unscheduled.id)).toBe('draft');
    expect((await auditRows(consultation.id)).at(-1)).toEqual({
      actor_id: null,
      action: 'consultation.status',
      detail: { from: 'draft', to: 'open', by: 'schedule' },
    });
    expect((await runConsultationSchedule(db(), new Date(opensAt.getTime() + 120_000))).opened).not.toContain(consultation.slug);
  });

  it('closes an open consultation once its end has passed, exactly once', async () => {
    const consultation = await makeConsultation(db());
    const closesAt = (await db().selectFrom('consultations').select('closes_at').where('id', '=', consultation.id).executeTakeFirstOrThrow()).closes_at!;
    expect((await runConsultationSchedule(db(), new Date(closesAt.getTime() - 1000))).closed).not.toContain(consultation.slug);
    const [first, second] = await Promise.all([
      runConsultationSchedule(db(), new Date(closesAt.getTime() + 1000)),
      runConsultationSchedule(db(), new Date(closesAt.getTime() + 1000)),
    ]);
    expect([...first.closed, ...second.closed].filter((slug) => slug === consultation.slug)).toHaveLength(1);
    expect((await auditRows(consultation.id)).filter((r) => r.action === 'consultation.status')).toEqual([
      { actor_id: null, action: 'consultation.status', detail: { from: 'open', to: 'closed', by: 'schedule' } },
    ]);
  });

  it('refuses to schedule an opening without a start', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const response = await client.post('/api/v1/consultations', draft({ openOnSchedule: true }));
    expect(response.status).toBe(400);
    expect((await json(response)).error.fields).toHaveProperty('opensAt');
  });
});

describe('the official’s list', () => {
  it('lists drafts and open consultations of the official’s organizations only', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const mine = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft' });
    const other = await makeConsultation(db());
    const response = await client.get('/api/v1/manage/consultations');
    expect(response.status).toBe(200);
    const slugs = (await json(response)).consultations.map((c: { slug: string }) => c.slug);
    expect(slugs).toContain(mine.slug);
    expect(slugs).not.toContain(other.slug);
    expect((await new Client(server.url).get('/api/v1/manage/consultations')).status).toBe(401);
  });
});

/** A form post with repeated fields (checkboxes), as a browser without JavaScript sends it. */
function postForm(client: Client, path: string, pairs: Array<[string, string]>) {
  return client.raw(path, {
    method: 'POST',
    body: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('the officials’ pages without JavaScript', () => {
  it('send anonymous visitors to the login page and tell citizens the pages are for officials', async () => {
    const anonymous = await new Client(server.url).get('/manage');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Fmanage');
    const citizen = await signedIn(await makeUser(db()));
    expect(await (await citizen.get('/manage')).text()).toContain('Den här sidan är för tjänstepersoner');
    expect((await citizen.get('/manage/new')).status).toBe(403);
  });

  it('create a joint draft with topics from the form, in Swedish local time', async () => {
    const lead = await makeOrganization(db());
    const partner = await makeOrganization(db());
    const { client } = await officialOf(lead.id);
    expect((await client.get('/manage/new')).status).toBe(200);
    const response = await postForm(client, '/manage/new', [
      ['title', `Ny simhall i ${lead.slug}`],
      ['slug', ''],
      ['summary', 'Var ska simhallen ligga?'],
      ['bodyMd', 'Den gamla simhallen är sliten.'],
      ['influenceMd', ''],
      ['decidedMd', ''],
      ['decisionMaker', 'Kommunfullmäktige'],
      ['decisionDate', '2027-09-01'],
      ['participationLevel', 'dialogue'],
      ['opensAt', '2027-05-01T09:00'],
      ['closesAt', '2027-01-15T18:30'],
      ['moderationMode', 'pre'],
      ['flagThreshold', '4'],
      ['leadOrganization', lead.slug],
      ['partnerOrganizations', partner.slug],
      ['topicId', ''], ['topicTitle', 'Läge'], ['topicPrompt', 'Var vill du att den ligger?'],
      ['topicId', ''], ['topicTitle', ''], ['topicPrompt', ''],
      ['intent', 'create'],
    ]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Slutet måste ligga efter starten.');

    const created = await postForm(client, '/manage/new', [
      ['title', `Ny simhall i ${lead.slug}`],
      ['summary', 'Var ska simhallen ligga?'],
      ['participationLevel', 'dialogue'],
      ['opensAt', '2027-05-01T09:00'],
      ['closesAt', '2027-06-15T18:30'],
      ['moderationMode', 'pre'],
      ['flagThreshold', '4'],
      ['leadOrganization', lead.slug],
      ['partnerOrganizations', partner.slug],
      ['topicId', ''], ['topicTitle', 'Läge'], ['topicPrompt', 'Var vill du att den ligger?'],
      ['topicId', ''], ['topicTitle', ''], ['topicPrompt', ''],
      ['intent', 'create'],
    ]);
    expect(created.status).toBe(302);
    const slug = `ny-simhall-i-${lead.slug}`;
    expect(created.headers.get('location')).toBe(`/consultations/${slug}/manage?saved=created`);
    const row = await db().selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'draft', participation_level: 'dialogue', moderation_mode: 'pre', flag_threshold: 4 });
    expect(row.opens_at?.toISOString()).toBe('2027-05-01T07:00:00.000Z');
    expect(row.closes_at?.toISOString()).toBe('2027-06-15T16:30:00.000Z');
    const topics = await db().selectFrom('topics').select(['title', 'prompt']).where('consultation_id', '=', row.id).execute();
    expect(topics).toEqual([{ title: 'Läge', prompt: 'Var vill du att den ligger?' }]);
    const organizations = await db().selectFrom('consultation_organizations').select(['organization_id', 'is_lead']).where('consultation_id', '=', row.id).orderBy('is_lead', 'desc').execute();
    expect(organizations).toEqual([{ organization_id: lead.id, is_lead: true }, { organization_id: partner.id, is_lead: false }]);

    const page = await (await client.get(`/consultations/${slug}/manage?saved=created`)).text();
    expect(page).toContain('Utkastet har skapats');
    expect(page).toContain('value="2027-05-01T09:00"');
  });

  it('preview Markdown safely without saving anything', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const consultation = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft' });
    const response = await postForm(client, `/consultations/${consultation.slug}/manage`, [
      ['intent', 'preview'],
      ['title', 'Ändrad rubrik'],
      ['bodyMd', '## Nuläge\n\nHär är **viktigt** och <script>alert(1)</script>'],
      ['influenceMd', ''],
      ['decidedMd', ''],
    ]);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Förhandsgranskning');
    expect(html).toContain('<strong>viktigt</strong>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Ändrad rubrik');
    const row = await db().selectFrom('consultations').select(['title', 'body_md']).where('id', '=', consultation.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: consultation.title, body_md: 'Bakgrund till förslaget.' });
  });

  it('edit the details, topics and status, and publish feedback', async () => {
    const organization = await makeOrganization(db());
    const { user, client } = await officialOf(organization.id);
    const consultation = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft', topics: ['Första', 'Andra'] });
    const path = `/consultations/${consultation.slug}/manage`;

    const details = await postForm(client, path, [
      ['intent', 'details'],
      ['title', 'Ny rubrik'],
      ['slug', consultation.slug],
      ['summary', 'Ny sammanfattning'],
      ['bodyMd', 'Ny bakgrund'],
      ['influenceMd', 'Öppettider'],
      ['decidedMd', 'Budgeten'],
      ['decisionMaker', ''],
      ['decisionDate', ''],
      ['participationLevel', 'influence'],
      ['opensAt', ''],
      ['closesAt', '2099-01-01T12:00'],
      ['moderationMode', 'post'],
      ['flagThreshold', '3'],
    ]);
    expect(details.status).toBe(302);
    expect(details.headers.get('location')).toBe(`${path}?saved=details#details`);

    const [first, second] = consultation.topics;
    const topics = await postForm(client, path, [
      ['intent', 'topics'],
      ['topicId', String(first!.id)], ['topicTitle', 'Första frågan'], ['topicPrompt', ''],
      ['topicId', String(second!.id)], ['topicTitle', 'Andra'], ['topicPrompt', ''],
      ['removeTopic', String(second!.id)],
      ['topicId', ''], ['topicTitle', 'Tredje'], ['topicPrompt', 'Ny'],
    ]);
    expect(topics.status).toBe(302);
    const moved = await postForm(client, path, [['intent', 'move-topic'], ['move', `${first!.id}:down`]]);
    expect(moved.status).toBe(302);
    const titles = await db().selectFrom('topics').select('title').where('consultation_id', '=', consultation.id).orderBy('position').execute();
    expect(titles.map((t) => t.title)).toEqual(['Tredje', 'Första frågan']);

    const refused = await postForm(client, path, [['intent', 'status'], ['status', 'archived']]);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('kan inte bli arkiverat');
    const opened = await postForm(client, path, [['intent', 'status'], ['status', 'open']]);
    expect(opened.headers.get('location')).toBe(`${path}?saved=status-open#status`);

    await postForm(client, path, [['intent', 'feedback-save'], ['feedbackMd', 'Tack för alla synpunkter om **öppettider**.']]);
    const publicPage = () => new Client(server.url).get(`/consultations/${consultation.slug}`).then((r) => r.text());
    expect(await publicPage()).not.toContain('Tack för alla synpunkter');
    const published = await postForm(client, path, [['intent', 'feedback-publish'], ['feedbackMd', 'Tack för alla synpunkter om **öppettider**.']]);
    expect(published.headers.get('location')).toBe(`${path}?saved=feedback-published#feedback`);
    expect(await publicPage()).toContain('Tack för alla synpunkter');

    const row = await db().selectFrom('consultations').selectAll().where('id', '=', consultation.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Ny rubrik', participation_level: 'influence', decision_maker: null, status: 'open' });
    expect((await auditRows(consultation.id)).map((r) => [r.actor_id, r.action])).toEqual([
      [user.id, 'consultation.status'],
      [user.id, 'consultation.feedback.publish'],
    ]);
  });

  it('refuse the manage page to officials of other organizations and to citizens', async () => {
    const organization = await makeOrganization(db());
    const open = await makeConsultation(db(), { organizationIds: [organization.id] });
    const drafted = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft' });
    const outsider = await officialOf((await makeOrganization(db())).id);
    const forbidden = await outsider.client.get(`/consultations/${open.slug}/manage`);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('Du har inte behörighet');
    expect((await outsider.client.get(`/consultations/${drafted.slug}/manage`)).status).toBe(404);
    const citizen = await signedIn(await makeUser(db()));
    expect((await postForm(citizen, `/consultations/${open.slug}/manage`, [['intent', 'status'], ['status', 'closed']])).status).toBe(403);
    const row = await db().selectFrom('consultations').select('status').where('id', '=', open.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
  });

  it('list the official’s consultations, drafts included', async () => {
    const organization = await makeOrganization(db());
    const { client } = await officialOf(organization.id);
    const drafted = await makeConsultation(db(), { organizationIds: [organization.id], status: 'draft', title: 'Utkast om gatubelysning' });
    const page = await (await client.get('/manage')).text();
    expect(page).toContain('Utkast om gatubelysning');
    expect(page).toContain(`/consultations/${drafted.slug}/manage`);
  });
});

describe('role changes', () => {
  it('are written to the audit log when the command line grants a role', async () => {
    const organization = await makeOrganization(db());
    const email = `ny-${organization.slug}@example.se`;
    await runCommand(db(), ['user', 'add', '--email', email, '--password', 'ett-bra-losenord', '--role', 'official', '--org', organization.slug]);
    const user = await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const rows = await db().selectFrom('audit_log').select(['actor_id', 'action', 'detail']).where('target', '=', `user:${user.id}`).execute();
    expect(rows).toEqual([{ actor_id: null, action: 'membership.grant', detail: { organization: organization.slug, role: 'official', by: 'cli' } }]);
  });
});
