import path from 'node:path';
import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { barChart } from '../server/summary/charts.js';
import { buildSummary } from '../server/summary/data.js';
import { Client } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeCitizen, makeComment, makeConsultation, makeOrganization, makeUser, PASSWORD } from './factories.js';

let server: TestServer;
let db: Db;
beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
});
afterAll(() => server.close());

const STANDARD_FONTS = `${path.resolve('node_modules/pdfjs-dist/standard_fonts')}/`;
const HIDDEN = 'Den här texten är dold och får inte citeras';
const SECTIONS = ['Om samrådet', 'Deltagande', 'Synpunkter per fråga', 'Teman', 'Omröstningar', 'Moderering', 'Återkoppling'];

async function loggedIn(user: { email: string }) {
  const client = new Client(server.url);
  expect((await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  return client;
}

/** A joint consultation of Köping and Arboga, two days of comments, a theme, a poll, moderation and published feedback. */
async function dialogue() {
  const lead = await makeOrganization(db, { name: 'Köpings kommun' });
  const partner = await makeOrganization(db, { name: 'Arboga kommun' });
  const consultation = await makeConsultation(db, {
    organizationIds: [lead.id, partner.id],
    title: 'Räddningstjänst för Köping och Arboga',
    topics: ['Utryckningstider', 'Brandstationer'],
  });
  const [times, stations] = [consultation.topics[0]!, consultation.topics[1]!];
  const official = await makeUser(db, { role: 'official', organizationId: partner.id });
  const moderator = await makeUser(db, { role: 'moderator', organizationId: lead.id });
  const åsa = await makeCitizen(db, { displayName: 'Åsa Öberg', homeMunicipality: 'Köping' });
  const olle = await makeCitizen(db, { displayName: 'Olle Ek', homeMunicipality: 'Arboga' });
  const kim = await makeCitizen(db, { displayName: 'Kim Lund', homeMunicipality: 'Köping' });
  const base = { consultationId: consultation.id, topicId: times.id };
  const day1 = new Date('2026-03-02T09:00:00Z');
  const day3 = new Date('2026-03-04T15:00:00Z');

  const popular = await makeComment(db, { ...base, authorId: åsa.id, body: 'Åtta minuter är för långt för Kungsgatan.', supportCount: 9, createdAt: day1 });
  const second = await makeComment(db, { ...base, authorId: olle.id, body: 'Behåll stationen i Arboga.', supportCount: 5, createdAt: day1 });
  await makeComment(db, { ...base, authorId: kim.id, body: 'Håller med om tiderna.', parentId: popular.id, supportCount: 1, createdAt: day3 });
  await makeComment(db, { ...base, authorId: kim.id, body: HIDDEN, state: 'hidden', stateReason: 'personal_attack', supportCount: 50, createdAt: day3 });
  await makeComment(db, { ...base, topicId: stations.id, authorId: olle.id, body: 'Köp reklam här', state: 'rejected', stateReason: 'spam', createdAt: day3 });
  await makeComment(db, { ...base, topicId: stations.id, authorId: åsa.id, body: 'Väntar på granskning', state: 'pending', createdAt: day3 });
  const onStations = await makeComment(db, { ...base, topicId: stations.id, authorId: åsa.id, body: 'En station mitt emellan vore bäst.', supportCount: 2, createdAt: day3 });
  await db.updateTable('comments').set({ held_by: ['phone'] }).where('body', '=', 'Väntar på granskning').execute();

  const theme = await db.insertInto('themes').values({ consultation_id: consultation.id, name: 'Trygghet', description: 'Oro för att hjälpen dröjer.' }).returningAll().executeTakeFirstOrThrow();
  await db.insertInto('comment_themes').values([
    { comment_id: popular.id, theme_id: theme.id, tagged_by: official.id },
    { comment_id: onStations.id, theme_id: theme.id, tagged_by: official.id },
  ]).execute();
  await db.insertInto('themes').values({ consultation_id: consultation.id, name: 'Kostnader' }).execute();

  const poll = await db.insertInto('polls').values({ consultation_id: consultation.id, question: 'Var ska stationen ligga?', kind: 'single', status: 'closed' }).returningAll().executeTakeFirstOrThrow();
  const [inKöping, between] = await db
    .insertInto('poll_options')
    .values([
      { poll_id: poll.id, position: 1, label: 'I Köping' },
      { poll_id: poll.id, position: 2, label: 'Mitt emellan' },
    ])
    .returningAll()
    .execute();
  for (const [voter, option] of [[åsa, between!], [olle, between!], [kim, inKöping!]] as const) {
    const ballot = await db.insertInto('poll_ballots').values({ poll_id: poll.id, user_id: voter.id }).returningAll().executeTakeFirstOrThrow();
    await db.insertInto('poll_votes').values({ ballot_id: ballot.id, poll_id: poll.id, option_id: option.id, poll_kind: 'single' }).execute();
  }
  await db
    .updateTable('consultations')
    .set({ feedback_md: 'Vi har hört att **utryckningstiden** oroar många.\n\nFörslaget ändras.', feedback_published_at: new Date('2026-04-01T10:00:00Z') })
    .where('id', '=', consultation.id)
    .execute();
  return { consultation, lead, partner, official, moderator, åsa, olle, kim, popular, second, onStations, theme };
}

describe('who may read the summary', () => {
  it('sends an anonymous visitor to log in, from the page and the downloads alike', async () => {
    const { consultation } = await dialogue();
    for (const path of ['summary', 'summary.docx', 'summary.pdf']) {
      const response = await new Client(server.url).get(`/consultations/${consultation.slug}/${path}`);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(`/consultations/${consultation.slug}/${path}`)}`);
    }
  });

  it('refuses citizens, moderators and officials of other organizations with 403', async () => {
    const { consultation, moderator } = await dialogue();
    const outsider = await makeUser(db, { role: 'official', organizationId: (await makeOrganization(db)).id });
    for (const user of [await makeCitizen(db), moderator, outsider]) {
      const client = await loggedIn(user);
      for (const path of ['summary', 'summary.docx', 'summary.pdf']) {
        expect((await client.get(`/consultations/${consultation.slug}/${path}`)).status).toBe(403);
      }
    }
  });
});

describe('what the summary says', () => {
  it('counts participation, quotes the most supported published comments and sums up themes, polls, moderation and feedback', async () => {
    const { consultation: created, popular, second, onStations, theme } = await dialogue();
    const consultation = await db.selectFrom('consultations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const summary = await buildSummary(db, consultation);
    expect(summary.consultation.organizations).toEqual([
      { name: 'Köpings kommun', isLead: true },
      { name: 'Arboga kommun', isLead: false },
    ]);
    expect(summary.participation).toEqual({
      participants: 3,
      comments: 3,
      replies: 1,
      votes: 3,
      byDay: [
        { date: '2026-03-02', count: 2 },
        { date: '2026-03-03', count: 0 },
        { date: '2026-03-04', count: 2 },
      ],
      byMunicipality: [
        { municipality: 'Köping', participants: 2 },
        { municipality: 'Arboga', participants: 1 },
      ],
    });
    const [times, stations] = summary.topics;
    expect(times!.comments).toBe(3);
    expect(times!.mostSupported.map((q) => [q.commentId, q.author, q.supportCount])).toEqual([
      [popular.id, 'Deltagare 1', 9],
      [second.id, 'Deltagare 2', 5],
      [expect.any(Number), 'Deltagare 3', 1],
    ]);
    expect(stations!.mostSupported.map((q) => q.commentId)).toEqual([onStations.id]);
    expect(JSON.stringify(summary)).not.toContain(HIDDEN);

    expect(summary.themes.map((t) => [t.name, t.comments, t.quotes.map((q) => q.commentId)])).toEqual([
      ['Trygghet', 2, [popular.id, onStations.id]],
      ['Kostnader', 0, []],
    ]);
    expect(summary.themes[0]!.id).toBe(theme.id);
    expect(summary.polls).toEqual([
      expect.objectContaining({
        question: 'Var ska stationen ligga?',
        totalVotes: 3,
        options: [
          { label: 'I Köping', votes: 1 },
          { label: 'Mitt emellan', votes: 2 },
        ],
      }),
    ]);
    expect(summary.moderation).toEqual({
      pending: 1,
      heldByFilters: 1,
      hidden: 1,
      rejected: 1,
      withdrawn: 0,
      byReason: [
        { reason: 'personal_attack', count: 1 },
        { reason: 'spam', count: 1 },
      ],
    });
    expect(summary.feedback).toEqual({ markdown: expect.stringContaining('utryckningstiden'), publishedAt: '2026-04-01T10:00:00.000Z' });
  });

  it('leaves out municipalities for a consultation of one organization', async () => {
    const consultation = await makeConsultation(db);
    const summary = await buildSummary(db, consultation);
    expect(summary.participation.byMunicipality).toBeNull();
    expect(summary.participation.byDay).toEqual([]);
    expect(summary.feedback).toBeNull();
  });

  it('draws charts as SVG with every label escaped', () => {
    const chart = barChart('Teman', [{ label: '<script>alert("x")</script> & co', value: 3 }]);
    expect(chart.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(chart.svg).not.toContain('<script>');
    expect(chart.svg).toContain('&#60;script&#62;');
  });
});

describe('the page and the documents', () => {
  it('the page shows the sections, the quotes, the charts with their figures and the export form', async () => {
    const { consultation, official } = await dialogue();
    const response = await (await loggedIn(official)).get(`/consultations/${consultation.slug}/summary`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Sammanställning: Räddningstjänst för Köping och Arboga</h1>');
    for (const section of SECTIONS) expect(html).toContain(`<h2>${section}</h2>`);
    expect(html).toContain('Åtta minuter är för långt för Kungsgatan.');
    expect(html).not.toContain(HIDDEN);
    expect(html).toMatch(/role="img" aria-label="Publicerade synpunkter och svar per dag"><svg/);
    expect(html).toContain(`href="/consultations/${consultation.slug}/summary.docx"`);
    expect(html).toContain(`action="/api/v1/consultations/${consultation.slug}/export"`);
  });

  it('the DOCX, read back, holds the headings, the quotes and the charts as SVG with a PNG fallback', async () => {
    const { consultation, official } = await dialogue();
    const response = await (await loggedIn(official)).get(`/consultations/${consultation.slug}/summary.docx`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${consultation.slug}-sammanst%C3%A4llning.docx`);
    const buffer = Buffer.from(await response.arrayBuffer());
    const { value: html } = await mammoth.convertToHtml({ buffer });
    expect(html).toContain('<h1>Sammanställning: Räddningstjänst för Köping och Arboga</h1>');
    const h2 = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(h2).toEqual(SECTIONS);
    const h3 = [...html.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1]);
    expect(h3).toEqual(['Utryckningstider', 'Brandstationer', 'Trygghet', 'Kostnader', 'Var ska stationen ligga?']);
    expect(html).toContain('Åtta minuter är för långt för Kungsgatan.');
    expect(html).toContain('Deltagare 1 · stöds av 9');
    expect(html).not.toContain(HIDDEN);
    expect(html).toMatch(/<img [^>]*alt="Publicerade synpunkter och svar per dag: 2 mars 2026 2, 3 mars 2026 0, 4 mars 2026 2"/);
    const text = buffer.toString('latin1');
    expect(text).toMatch(/word\/media\/[\w-]+\.svg/);
    expect(text).toMatch(/word\/media\/[\w-]+\.png/);
  });

  it('the PDF has the headings, figures and quotes as text, åäö intact', async () => {
    const { consultation, official } = await dialogue();
    const response = await (await loggedIn(official)).get(`/consultations/${consultation.slug}/summary.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(await response.arrayBuffer()), standardFontDataUrl: STANDARD_FONTS, disableFontFace: true }).promise;
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
    }
    const text = pages.join(' ');
    expect(pages[0]).toContain('Sammanställning: Räddningstjänst för Köping och Arboga');
    for (const section of SECTIONS) expect(text).toContain(section);
    expect(text).toContain('Åtta minuter är för långt för Kungsgatan.');
    expect(text).toContain('Mitt emellan');
    expect(text).toContain('Vi har hört att utryckningstiden oroar många.');
    expect(text).not.toContain(HIDDEN);
    expect(text).toContain(`1 / ${pdf.numPages}`);
  });
});
