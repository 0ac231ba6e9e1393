import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentState } from '../db/schema.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeConsultation, makeOrganization, makeUser, PASSWORD } from './factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const db = () => server.database.db;

async function signedIn(user: { email: string }) {
  const client = new Client(server.url);
  expect((await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  return client;
}

async function codingSetup() {
  const organization = await makeOrganization(db());
  const official = await makeUser(db(), { role: 'official', organizationId: organization.id });
  const consultation = await makeConsultation(db(), { organizationIds: [organization.id], topics: ['Skolväg', 'Fritids'] });
  const author = await makeUser(db());
  const comment = async (topicIndex: number, body: string, options: { state?: CommentState; supports?: number; minutesAgo?: number } = {}) =>
    db()
      .insertInto('comments')
      .values({
        consultation_id: consultation.id,
        topic_id: consultation.topics[topicIndex]!.id,
        author_id: author.id,
        body,
        state: options.state ?? 'published',
        support_count: options.supports ?? 0,
        created_at: new Date(Date.now() - (options.minutesAgo ?? 0) * 60_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  return { organization, official, consultation, comment, client: await signedIn(official) };
}

describe('themes', () => {
  it('are created per consultation, listed with counts, renamed and removed', async () => {
    const { consultation, client } = await codingSetup();
    const base = `/api/v1/consultations/${consultation.slug}/themes`;
    const created = await client.post(base, { name: 'Trafiksäkerhet', description: 'Skolvägen och övergångsställen' });
    expect(created.status).toBe(201);
    const { theme } = await json(created);
    expect(theme).toEqual({ id: expect.any(Number), name: 'Trafiksäkerhet', description: 'Skolvägen och övergångsställen', commentCount: 0 });

    const duplicate = await client.post(base, { name: 'trafiksäkerhet' });
    expect(duplicate.status).toBe(409);
    expect((await json(duplicate)).error.code).toBe('theme_exists');

    const renamed = await client.patch(`/api/v1/themes/${theme.id}`, { name: 'Trygg skolväg' });
    expect((await json(renamed)).theme.name).toBe('Trygg skolväg');
    expect((await json(await client.get(base))).themes.map((t: { name: string }) => t.name)).toEqual(['Trygg skolväg']);

    expect((await client.delete(`/api/v1/themes/${theme.id}`)).status).toBe(204);
    expect((await json(await client.get(base))).themes).toEqual([]);
  });

  it('are for the consultation’s officials only', async () => {
    const { consultation, client } = await codingSetup();
    const { theme } = await json(await client.post(`/api/v1/consultations/${consultation.slug}/themes`, { name: 'Ekonomi' }));
    const outsider = await signedIn(await makeUser(db(), { role: 'official', organizationId: (await makeOrganization(db())).id }));
    const citizen = await signedIn(await makeUser(db()));
    for (const other of [outsider, citizen]) {
      expect((await other.get(`/api/v1/consultations/${consultation.slug}/themes`)).status).toBe(403);
      expect((await other.post(`/api/v1/consultations/${consultation.slug}/themes`, { name: 'Kapat' })).status).toBe(403);
      expect((await other.patch(`/api/v1/themes/${theme.id}`, { name: 'Kapat' })).status).toBe(403);
      expect((await other.delete(`/api/v1/themes/${theme.id}`)).status).toBe(403);
    }
    expect((await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}/themes`)).status).toBe(401);
  });

  it('refuse bad input with the contract’s 4xx', async () => {
    const { consultation, client } = await codingSetup();
    const base = `/api/v1/consultations/${consultation.slug}/themes`;
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(81) }, { name: 'A', colour: 'red' }, ['Ekonomi'], { name: 'A\u0000B' }]) {
      const response = await client.post(base, body);
      expect(response.status).toBe(400);
      expect((await json(response)).error.code).toBe('invalid_input');
    }
    expect((await client.patch('/api/v1/themes/abc', { name: 'x' })).status).toBe(404);
    expect((await client.patch('/api/v1/themes/999999', { name: 'x' })).status).toBe(404);
    expect((await client.patch('/api/v1/themes/99999999999', { name: 'x' })).status).toBe(404);
    expect((await client.get(`/api/v1/consultations/${consultation.slug}/coding?topic=99999999999`)).status).toBe(400);
  });
});

describe('tagging comments', () => {
  it('sets a comment’s themes to exactly the given ones (many to many) and counts them', async () => {
    const { consultation, client, comment, official } = await codingSetup();
    const base = `/api/v1/consultations/${consultation.slug}/themes`;
    const safety = (await json(await client.post(base, { name: 'Trygghet' }))).theme;
    const cost = (await json(await client.post(base, { name: 'Kostnad' }))).theme;
    const first = await comment(0, 'Farlig korsning vid skolan');
    const second = await comment(0, 'Skjutsen kostar för mycket');

    const tagged = await client.put(`/api/v1/comments/${first}/themes`, { themeIds: [cost.id, safety.id] });
    expect(tagged.status).toBe(200);
    expect((await json(tagged)).comment).toEqual({ commentId: first, themeIds: [safety.id, cost.id].sort((a, b) => a - b) });
    await client.put(`/api/v1/comments/${second}/themes`, { themeIds: [cost.id] });
    await client.put(`/api/v1/comments/${first}/themes`, { themeIds: [safety.id] });

    const rows = await db().selectFrom('comment_themes').select(['comment_id', 'theme_id', 'tagged_by']).where('comment_id', 'in', [first, second]).orderBy('comment_id').execute();
    expect(rows).toEqual([
      { comment_id: first, theme_id: safety.id, tagged_by: official.id },
      { comment_id: second, theme_id: cost.id, tagged_by: official.id },
    ]);
    const counts = Object.fromEntries((await json(await client.get(base))).themes.map((t: { name: string; commentCount: number }) => [t.name, t.commentCount]));
    expect(counts).toEqual({ Trygghet: 1, Kostnad: 1 });

    expect((await json(await client.put(`/api/v1/comments/${first}/themes`, { themeIds: [] }))).comment.themeIds).toEqual([]);
  });

  it('refuses themes of another consultation, unpublished comments and outsiders', async () => {
    const { consultation, client, comment } = await codingSetup();
    const other = await codingSetup();
    const foreign = (await json(await other.client.post(`/api/v1/consultations/${other.consultation.slug}/themes`, { name: 'Annat' }))).theme;
    const own = (await json(await client.post(`/api/v1/consultations/${consultation.slug}/themes`, { name: 'Eget' }))).theme;
    const published = await comment(0, 'Publicerad');
    const hidden = await comment(0, 'Dold', { state: 'hidden' });

    const wrongTheme = await client.put(`/api/v1/comments/${published}/themes`, { themeIds: [foreign.id] });
    expect(wrongTheme.status).toBe(400);
    expect((await json(wrongTheme)).error.fields).toHaveProperty('themeIds');
    expect((await client.put(`/api/v1/comments/${hidden}/themes`, { themeIds: [own.id] })).status).toBe(409);
    expect((await other.client.put(`/api/v1/comments/${published}/themes`, { themeIds: [foreign.id] })).status).toBe(403);
    expect((await client.put(`/api/v1/comments/999999/themes`, { themeIds: [] })).status).toBe(404);
    expect((await client.put(`/api/v1/comments/${published}/themes`, { themeIds: 'Eget' })).status).toBe(400);
    expect((await client.put(`/api/v1/comments/${published}/themes`, { themeIds: [99_999_999_999] })).status).toBe(400);
    expect((await client.post(`/api/v1/comments/${published}/themes`, { themeIds: [] })).status).toBe(405);
    expect(await db().selectFrom('comment_themes').select('theme_id').where('comment_id', '=', published).execute()).toEqual([]);
  });
});

describe('the coding list', () => {
  it('filters published comments by topic, theme, untagged and support count', async () => {
    const { consultation, client, comment } = await codingSetup();
    const theme = (await json(await client.post(`/api/v1/consultations/${consultation.slug}/themes`, { name: 'Trygghet' }))).theme;
    const road = await comment(0, 'Skolvägen är mörk', { supports: 5, minutesAgo: 3 });
    const bus = await comment(0, 'Bussen går för tidigt', { supports: 1, minutesAgo: 2 });
    const afternoon = await comment(1, 'Fritids stänger för tidigt', { supports: 2, minutesAgo: 1 });
    await comment(0, 'Väntar på granskning', { state: 'pending' });
    await client.put(`/api/v1/comments/${road}/themes`, { themeIds: [theme.id] });

    const ids = async (query: string) =>
      (await json(await client.get(`/api/v1/consultations/${consultation.slug}/coding${query}`))).comments.map((c: { id: number }) => c.id);
    expect(await ids('')).toEqual([afternoon, bus, road]);
    expect(await ids(`?topic=${consultation.topics[0]!.id}`)).toEqual([bus, road]);
    expect(await ids(`?theme=${theme.id}`)).toEqual([road]);
    expect(await ids('?untagged=true')).toEqual([afternoon, bus]);
    expect(await ids('?minSupport=2')).toEqual([afternoon, road]);
    expect(await ids(`?topic=${consultation.topics[0]!.id}&untagged=true&minSupport=1`)).toEqual([bus]);

    const { comments } = await json(await client.get(`/api/v1/consultations/${consultation.slug}/coding?theme=${theme.id}`));
    expect(comments[0]).toMatchObject({ body: 'Skolvägen är mörk', topicTitle: 'Skolväg', supportCount: 5, themeIds: [theme.id] });
    const bad = await client.get(`/api/v1/consultations/${consultation.slug}/coding?minSupport=many`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fields).toHaveProperty('minSupport');
  });
});

describe('the coding page without JavaScript', () => {
  const postForm = (client: Client, path: string, pairs: Array<[string, string]>) =>
    client.raw(path, { method: 'POST', body: new URLSearchParams(pairs).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  it('adds themes, tags a comment with checkboxes and filters the list', async () => {
    const { consultation, client, comment } = await codingSetup();
    const path = `/consultations/${consultation.slug}/manage/coding`;
    const first = await comment(0, 'Belysningen på skolvägen saknas', { minutesAgo: 2 });
    await comment(1, 'Fritids behöver längre öppettider', { minutesAgo: 1 });

    const added = await postForm(client, path, [['intent', 'create-theme'], ['name', 'Trygghet'], ['description', '']]);
    expect(added.status).toBe(302);
    await postForm(client, path, [['intent', 'create-theme'], ['name', 'Öppettider'], ['description', '']]);
    const duplicate = await postForm(client, path, [['intent', 'create-theme'], ['name', 'trygghet']]);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain('Namnet används redan');

    const page = await (await client.get(path)).text();
    expect(page).toContain('Kortkommandon');
    expect(page).toContain('Belysningen på skolvägen saknas');
    const themes = await db().selectFrom('themes').select(['id', 'name']).where('consultation_id', '=', consultation.id).orderBy('id').execute();
    expect(page).toContain(`name="themeId" value="${themes[0]!.id}"`);

    const tagged = await postForm(client, `${path}?untagged=true`, [
      ['intent', 'tag'],
      ['commentId', String(first)],
      ['themeId', String(themes[0]!.id)],
      ['themeId', String(themes[1]!.id)],
    ]);
    expect(tagged.status).toBe(200);
    const after = await tagged.text();
    expect(after).toContain(`Temana för synpunkt ${first} har sparats`);
    expect(after).not.toContain('Belysningen på skolvägen saknas');
    expect(after).toContain('Fritids behöver längre öppettider');
    const rows = await db().selectFrom('comment_themes').select('theme_id').where('comment_id', '=', first).orderBy('theme_id').execute();
    expect(rows.map((r) => r.theme_id)).toEqual(themes.map((t) => t.id));

    const byTheme = await (await client.get(`${path}?theme=${themes[0]!.id}`)).text();
    expect(byTheme).toContain('Belysningen på skolvägen saknas');
    expect(byTheme).not.toContain('Fritids behöver längre öppettider');
  });

  it('is for the consultation’s officials only', async () => {
    const { consultation } = await codingSetup();
    const path = `/consultations/${consultation.slug}/manage/coding`;
    const outsider = await signedIn(await makeUser(db(), { role: 'official', organizationId: (await makeOrganization(db())).id }));
    expect((await outsider.get(path)).status).toBe(403);
    expect((await postForm(outsider, path, [['intent', 'create-theme'], ['name', 'Kapat']])).status).toBe(403);
    expect((await new Client(server.url).get(path)).status).toBe(302);
  });

  it('answers malformed form fields with 400, never 500', async () => {
    const { consultation, client } = await codingSetup();
    const path = `/consultations/${consultation.slug}/manage/coding`;
    for (const pairs of [
      [['intent', 'tag'], ['commentId', 'abc']],
      [['intent', 'tag'], ['commentId', '99999999999']],
      [['intent', 'tag'], ['commentId', '1'], ['themeId', 'x']],
      [['intent', 'create-theme'], ['name', '']],
      [['intent', 'nonsense']],
    ] as Array<Array<[string, string]>>) {
      expect((await postForm(client, path, pairs)).status).toBe(400);
    }
  });
});
