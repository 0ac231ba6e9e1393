import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeCitizen, makeComment, makeConsultation, makeOrganization, makeUser, PASSWORD } from './factories.js';

let server: TestServer;
let db: Db;
beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
});
afterAll(() => server.close());

// Texts the public must never get in a public export.
const SECRETS = {
  hidden: 'Dold text om grannen på Storgatan',
  rejected: 'Avvisad reklam för billiga klockor',
  withdrawn: 'Tillbakadragen tanke från skribenten',
  pending: 'Väntande text som ingen har granskat',
};
const TRICKY = 'Bra förslag, men "dyrt".\nAndra raden: åäö ÅÄÖ, och ett citat: "nej".';

async function loggedIn(user: { email: string }) {
  const client = new Client(server.url);
  const response = await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
  expect(response.status).toBe(200);
  return client;
}

/** A joint consultation of two municipalities with comments in every state, a theme, a poll and a moderation log. */
async function dialogue() {
  const lead = await makeOrganization(db);
  const partner = await makeOrganization(db);
  const consultation = await makeConsultation(db, { organizationIds: [lead.id, partner.id], topics: ['Skolvägen', 'Trafiken'] });
  const [first, second] = [consultation.topics[0]!, consultation.topics[1]!];
  const leadOfficial = await makeUser(db, { role: 'official', organizationId: lead.id });
  const partnerOfficial = await makeUser(db, { role: 'official', organizationId: partner.id });
  const moderator = await makeUser(db, { role: 'moderator', organizationId: lead.id, displayName: 'Mona Moderatorsson' });
  const anna = await makeCitizen(db, { displayName: 'Anna Andersson' });
  const bertil = await makeCitizen(db, { displayName: 'Bertil Berg' });
  const base = { consultationId: consultation.id, topicId: first.id };

  const tricky = await makeComment(db, { ...base, authorId: anna.id, body: TRICKY, supportCount: 4 });
  const reply = await makeComment(db, { ...base, authorId: bertil.id, parentId: tricky.id, body: 'Jag håller med, helt och hållet.' });
  const hidden = await makeComment(db, { ...base, authorId: bertil.id, body: SECRETS.hidden, state: 'hidden', stateReason: 'personal_data', flagCount: 3 });
  const rejected = await makeComment(db, { ...base, topicId: second.id, authorId: anna.id, body: SECRETS.rejected, state: 'rejected', stateReason: 'spam' });
  const withdrawn = await makeComment(db, { ...base, authorId: anna.id, body: SECRETS.withdrawn, state: 'withdrawn' });
  const pending = await makeComment(db, { ...base, topicId: second.id, authorId: bertil.id, body: SECRETS.pending, state: 'pending' });
  const later = await makeComment(db, { ...base, topicId: second.id, authorId: anna.id, body: 'Fler cykelbanor, tack.' });

  await db
    .insertInto('moderation_actions')
    .values([
      { comment_id: hidden.id, moderator_id: moderator.id, action: 'hide', from_state: 'published', to_state: 'hidden', reason_code: 'personal_data', note: 'Namn på en granne' },
      { comment_id: rejected.id, moderator_id: moderator.id, action: 'reject', from_state: 'pending', to_state: 'rejected', reason_code: 'spam', note: null },
    ])
    .execute();
  const theme = await db.insertInto('themes').values({ consultation_id: consultation.id, name: 'Trafiksäkerhet' }).returningAll().executeTakeFirstOrThrow();
  await db.insertInto('comment_themes').values({ comment_id: tricky.id, theme_id: theme.id, tagged_by: leadOfficial.id }).execute();

  const poll = await db
    .insertInto('polls')
    .values({ consultation_id: consultation.id, question: 'Vilken väg är viktigast?', kind: 'single', status: 'closed' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const options = await db
    .insertInto('poll_options')
    .values([
      { poll_id: poll.id, position: 1, label: 'Skolvägen' },
      { poll_id: poll.id, position: 2, label: 'Storgatan' },
    ])
    .returningAll()
    .execute();
  for (const [voter, option] of [[anna, options[0]!], [bertil, options[0]!]] as const) {
    const ballot = await db.insertInto('poll_ballots').values({ poll_id: poll.id, user_id: voter.id }).returningAll().executeTakeFirstOrThrow();
    await db.insertInto('poll_votes').values({ ballot_id: ballot.id, poll_id: poll.id, option_id: option.id, poll_kind: 'single' }).execute();
  }

  return {
    consultation,
    lead,
    partner,
    leadOfficial,
    partnerOfficial,
    moderator,
    anna,
    bertil,
    theme,
    comments: { tricky, reply, hidden, rejected, withdrawn, pending, later },
  };
}

const exportPath = (slug: string, query: string) => `/api/v1/consultations/${slug}/export?${query}`;

/** RFC 4180, read independently of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

async function csvRecords(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const [headings, ...rows] = parseCsv(text.slice(1));
  return { bytes, text, headings: headings!, records: rows.map((cells) => Object.fromEntries(headings!.map((h, i) => [h, cells[i]!]))) };
}

describe('who may export', () => {
  it('asks an anonymous visitor to log in (401)', async () => {
    const { consultation } = await dialogue();
    const response = await new Client(server.url).get(exportPath(consultation.slug, 'format=csv'));
    expect(response.status).toBe(401);
    expect((await json(response)).error.code).toBe('unauthorized');
  });

  it('refuses citizens, moderators and officials of other organizations with 403', async () => {
    const { consultation, lead } = await dialogue();
    const outsider = await makeUser(db, { role: 'official', organizationId: (await makeOrganization(db)).id });
    const moderator = await makeUser(db, { role: 'moderator', organizationId: lead.id });
    for (const user of [await makeCitizen(db), moderator, outsider]) {
      const response = await (await loggedIn(user)).get(exportPath(consultation.slug, 'format=json&scope=full'));
      expect(response.status).toBe(403);
      expect((await json(response)).error.code).toBe('forbidden');
    }
  });

  it('lets the officials of every organization behind a joint consultation export', async () => {
    const { consultation, leadOfficial, partnerOfficial } = await dialogue();
    for (const official of [leadOfficial, partnerOfficial]) {
      const response = await (await loggedIn(official)).get(exportPath(consultation.slug, 'format=json'));
      expect(response.status).toBe(200);
      expect((await json(response)).consultation.slug).toBe(consultation.slug);
    }
  });

  it('exports a draft for its officials and hides it from everyone else (404)', async () => {
    const organization = await makeOrganization(db);
    const draft = await makeConsultation(db, { organizationIds: [organization.id], status: 'draft' });
    const official = await makeUser(db, { role: 'official', organizationId: organization.id });
    const outsider = await makeUser(db, { role: 'official', organizationId: (await makeOrganization(db)).id });
    expect((await (await loggedIn(official)).get(exportPath(draft.slug, 'format=csv'))).status).toBe(200);
    expect((await (await loggedIn(outsider)).get(exportPath(draft.slug, 'format=csv'))).status).toBe(404);
  });

  it('rejects an unknown format, and real names outside a full export, with 400', async () => {
    const { consultation, leadOfficial } = await dialogue();
    const client = await loggedIn(leadOfficial);
    const badFormat = await client.get(exportPath(consultation.slug, 'format=pdf'));
    expect(badFormat.status).toBe(400);
    expect((await json(badFormat)).error.fields).toHaveProperty('format');
    const publicNames = await client.get(exportPath(consultation.slug, 'format=csv&scope=public&names=true'));
    expect(publicNames.status).toBe(400);
    expect((await json(publicNames)).error.fields).toHaveProperty('names');
  });
});

describe('what an export holds', () => {
  it('public: only published comments, never a hidden, rejected, withdrawn or pending text', async () => {
    const { consultation, leadOfficial, comments } = await dialogue();
    const client = await loggedIn(leadOfficial);
    for (const format of ['csv', 'json', 'xlsx']) {
      const response = await client.get(exportPath(consultation.slug, `format=${format}&scope=public`));
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = format === 'xlsx' ? await xlsxText(bytes) : bytes.toString('utf8');
      for (const secret of Object.values(SECRETS)) expect(text, `${format}: ${secret}`).not.toContain(secret);
      expect(text).toContain('Fler cykelbanor, tack.');
      expect(text).not.toContain('Namn på en granne');
    }
    const body = await json(await client.get(exportPath(consultation.slug, 'format=json&scope=public')));
    expect(body.comments.map((c: { id: number }) => c.id)).toEqual([comments.tricky.id, comments.reply.id, comments.later.id]);
    expect(body.comments.every((c: { state: string }) => c.state === 'published')).toBe(true);
    expect(body).not.toHaveProperty('moderationLog');
  });

  it('full: every comment with its state and reason, and the moderation log', async () => {
    const { consultation, leadOfficial, comments } = await dialogue();
    const client = await loggedIn(leadOfficial);
    const body = await json(await client.get(exportPath(consultation.slug, 'format=json&scope=full')));
    const states = Object.fromEntries(body.comments.map((c: { id: number; state: string }) => [c.id, c.state]));
    expect(states).toEqual({
      [comments.tricky.id]: 'published',
      [comments.reply.id]: 'published',
      [comments.hidden.id]: 'hidden',
      [comments.rejected.id]: 'rejected',
      [comments.withdrawn.id]: 'withdrawn',
      [comments.pending.id]: 'pending',
      [comments.later.id]: 'published',
    });
    expect(body.comments.find((c: { id: number }) => c.id === comments.hidden.id)).toMatchObject({ body: SECRETS.hidden, stateReason: 'personal_data', flagCount: 3 });
    expect(body.moderationLog).toEqual([
      expect.objectContaining({ commentId: comments.hidden.id, action: 'hide', fromState: 'published', toState: 'hidden', reasonCode: 'personal_data', note: 'Namn på en granne', moderator: 'Moderator 1' }),
      expect.objectContaining({ commentId: comments.rejected.id, action: 'reject', toState: 'rejected', reasonCode: 'spam', moderator: 'Moderator 1' }),
    ]);

    const csv = await csvRecords(await client.get(exportPath(consultation.slug, 'format=csv&scope=full')));
    const hidden = csv.records.find((r) => r.Id === String(comments.hidden.id))!;
    expect(hidden).toMatchObject({ Status: 'dold', Statusorsak: 'personuppgifter', Text: SECRETS.hidden });
    expect(hidden.Moderering).toMatch(/doldes \(personuppgifter\) av Moderator 1\. Namn på en granne/);
    expect(csv.records).toHaveLength(7);
  });

  it('the JSON holds the whole dialogue: consultation, organizations, topics, themes and polls with results', async () => {
    const { consultation, leadOfficial, theme, comments } = await dialogue();
    const body = await json(await (await loggedIn(leadOfficial)).get(exportPath(consultation.slug, 'format=json')));
    expect(body.consultation).toMatchObject({ slug: consultation.slug, title: consultation.title, status: 'open' });
    expect(body.organizations).toHaveLength(2);
    expect(body.topics.map((t: { title: string }) => t.title)).toEqual(['Skolvägen', 'Trafiken']);
    expect(body.themes).toEqual([{ id: theme.id, name: 'Trafiksäkerhet', description: '', comments: 1 }]);
    expect(body.polls).toEqual([
      expect.objectContaining({
        question: 'Vilken väg är viktigast?',
        status: 'closed',
        results: { totalVotes: 2, options: [expect.objectContaining({ label: 'Skolvägen', votes: 2 }), expect.objectContaining({ label: 'Storgatan', votes: 0 })] },
      }),
    ]);
    const tricky = body.comments.find((c: { id: number }) => c.id === comments.tricky.id);
    expect(tricky).toMatchObject({ body: TRICKY, themeIds: [theme.id], supportCount: 4, parentId: null });
    expect(body.comments.find((c: { id: number }) => c.id === comments.reply.id).parentId).toBe(comments.tricky.id);
  });
});

describe('pseudonyms', () => {
  it('replaces names with numbers that hold within an export and across exports of the consultation', async () => {
    const { consultation, leadOfficial, anna, bertil, comments } = await dialogue();
    const client = await loggedIn(leadOfficial);
    const full = await json(await client.get(exportPath(consultation.slug, 'format=json&scope=full')));
    const authorOf = (body: { comments: Array<{ id: number; author: string }> }, id: number) => body.comments.find((c) => c.id === id)!.author;
    expect(authorOf(full, comments.tricky.id)).toBe('Deltagare 1');
    expect(authorOf(full, comments.reply.id)).toBe('Deltagare 2');
    expect(authorOf(full, comments.later.id)).toBe('Deltagare 1');
    expect(authorOf(full, comments.pending.id)).toBe('Deltagare 2');

    const publicCsv = await csvRecords(await client.get(exportPath(consultation.slug, 'format=csv&scope=public')));
    const publicAuthors = Object.fromEntries(publicCsv.records.map((r) => [Number(r.Id), r.Deltagare]));
    expect(publicAuthors).toEqual({ [comments.tricky.id]: 'Deltagare 1', [comments.reply.id]: 'Deltagare 2', [comments.later.id]: 'Deltagare 1' });

    for (const body of [JSON.stringify(full), publicCsv.text]) {
      for (const person of [anna, bertil]) {
        expect(body).not.toContain(person.display_name);
        expect(body).not.toContain(person.email);
      }
      expect(body).not.toContain('Mona Moderatorsson');
    }
  });

  it('gives the same person a different pseudonym in another consultation', async () => {
    const first = await dialogue();
    const other = await makeConsultation(db, { organizationIds: [first.lead.id] });
    await makeComment(db, { consultationId: other.id, topicId: other.topics[0]!.id, authorId: first.bertil.id });
    const annasComment = await makeComment(db, { consultationId: other.id, topicId: other.topics[0]!.id, authorId: first.anna.id });
    const client = await loggedIn(first.leadOfficial);
    const here = await json(await client.get(exportPath(first.consultation.slug, 'format=json')));
    const there = await json(await client.get(exportPath(other.slug, 'format=json')));
    expect(here.comments.find((c: { id: number }) => c.id === first.comments.tricky.id).author).toBe('Deltagare 1');
    expect(there.comments.find((c: { id: number }) => c.id === annasComment.id).author).toBe('Deltagare 2');
  });

  it('shows real names only when an official asks for them in a full export', async () => {
    const { consultation, leadOfficial, comments } = await dialogue();
    const client = await loggedIn(leadOfficial);
    const body = await json(await client.get(exportPath(consultation.slug, 'format=json&scope=full&names=true')));
    expect(body.comments.find((c: { id: number }) => c.id === comments.tricky.id)).toMatchObject({ author: 'Deltagare 1', authorName: 'Anna Andersson' });
    expect(body.moderationLog[0].moderator).toBe('Mona Moderatorsson');
    const csv = await csvRecords(await client.get(exportPath(consultation.slug, 'format=csv&scope=full&names=true')));
    expect(csv.records.find((r) => r.Id === String(comments.reply.id))).toMatchObject({ Deltagare: 'Deltagare 2', Namn: 'Bertil Berg' });
  });
});

describe('the audit log', () => {
  it('gets one row per export with the actor, the consultation and what was exported', async () => {
    const { consultation, leadOfficial } = await dialogue();
    const client = await loggedIn(leadOfficial);
    const rows = () =>
      db.selectFrom('audit_log').selectAll().where('action', '=', 'export').where('target', '=', `consultation:${consultation.id}`).orderBy('id').execute();
    expect(await rows()).toHaveLength(0);
    await (await client.get(exportPath(consultation.slug, 'format=csv'))).arrayBuffer();
    await (await client.get(exportPath(consultation.slug, 'format=xlsx&scope=full&names=true'))).arrayBuffer();
    await (await client.get(exportPath(consultation.slug, 'format=json&scope=full'))).arrayBuffer();
    const logged = await rows();
    expect(logged.map((r) => [r.actor_id, r.detail])).toEqual([
      [leadOfficial.id, { format: 'csv', scope: 'public', names: false }],
      [leadOfficial.id, { format: 'xlsx', scope: 'full', names: true }],
      [leadOfficial.id, { format: 'json', scope: 'full', names: false }],
    ]);
  });

  it('gets no row when the export is refused', async () => {
    const { consultation } = await dialogue();
    const citizen = await makeCitizen(db);
    expect((await (await loggedIn(citizen)).get(exportPath(consultation.slug, 'format=csv'))).status).toBe(403);
    const logged = await db.selectFrom('audit_log').select('id').where('target', '=', `consultation:${consultation.id}`).execute();
    expect(logged).toHaveLength(0);
  });
});

describe('the files', () => {
  it('CSV: UTF-8 with a byte order mark, RFC 4180 quoting and åäö intact', async () => {
    const { consultation, leadOfficial, comments, theme } = await dialogue();
    const response = await (await loggedIn(leadOfficial)).get(exportPath(consultation.slug, 'format=csv'));
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="${consultation.slug}-synpunkter-offentlig-\\d{4}-\\d{2}-\\d{2}\\.csv"`),
    );
    const { bytes, text, headings, records } = await csvRecords(response);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(headings).toEqual(['Id', 'Svar på', 'Fråga', 'Teman', 'Status', 'Stöd', 'Flaggningar', 'Skapad', 'Redigerad', 'Deltagare', 'Text']);
    expect(text).toContain('"Bra förslag, men ""dyrt"".\nAndra raden: åäö ÅÄÖ, och ett citat: ""nej""."\r\n');
    const tricky = records.find((r) => r.Id === String(comments.tricky.id))!;
    expect(tricky).toMatchObject({ 'Svar på': '', Fråga: 'Skolvägen', Teman: theme.name, Status: 'publicerad', Stöd: '4', Text: TRICKY });
    expect(tricky.Skapad).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(records.find((r) => r.Id === String(comments.reply.id))!['Svar på']).toBe(String(comments.tricky.id));
  });

  it('CSV: a comment that looks like a formula stays text in a spreadsheet', async () => {
    const { consultation, leadOfficial, anna } = await dialogue();
    const formula = await makeComment(db, { consultationId: consultation.id, topicId: consultation.topics[0]!.id, authorId: anna.id, body: '=HYPERLINK("http://example.com","klicka")' });
    const { records } = await csvRecords(await (await loggedIn(leadOfficial)).get(exportPath(consultation.slug, 'format=csv')));
    expect(records.find((r) => r.Id === String(formula.id))!.Text).toBe(`'=HYPERLINK("http://example.com","klicka")`);
  });

  it('XLSX: read back, it holds the headings and one row per comment; full adds the moderation log sheet', async () => {
    const { consultation, leadOfficial, comments } = await dialogue();
    const client = await loggedIn(leadOfficial);
    const response = await client.get(exportPath(consultation.slug, 'format=xlsx&scope=full'));
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${consultation.slug}-synpunkter-fullst%C3%A4ndig-`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Synpunkter')!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Id', 'Svar på', 'Fråga', 'Teman', 'Status', 'Stöd', 'Flaggningar', 'Skapad', 'Redigerad', 'Deltagare', 'Statusorsak', 'Hölls av filter', 'Moderering', 'Text']);
    expect(sheet.rowCount).toBe(8);
    const ids = Array.from({ length: 7 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(ids).toEqual(Object.values(comments).map((c) => c.id).sort((a, b) => a - b));
    const trickyRow = sheet.getRow(2);
    expect(trickyRow.getCell(14).value).toBe(TRICKY);
    expect(trickyRow.getCell(8).value).toBeInstanceOf(Date);
    const hiddenRow = sheet.getRow(ids.indexOf(comments.hidden.id) + 2);
    expect(hiddenRow.getCell(5).value).toBe('dold');

    const log = workbook.getWorksheet('Modereringslogg')!;
    expect((log.getRow(1).values as unknown[]).slice(1)).toEqual(['Id', 'Kommentar', 'Tidpunkt', 'Åtgärd', 'Från status', 'Till status', 'Skäl', 'Moderator', 'Anteckning']);
    expect(log.rowCount).toBe(3);
    expect((log.getRow(2).values as unknown[]).slice(2, 8)).toEqual([comments.hidden.id, expect.any(Date), 'doldes', 'publicerad', 'dold', 'personuppgifter']);

    const publicBook = new ExcelJS.Workbook();
    await publicBook.xlsx.load(Buffer.from(await (await client.get(exportPath(consultation.slug, 'format=xlsx'))).arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(publicBook.worksheets.map((w) => w.name)).toEqual(['Synpunkter']);
    expect(publicBook.getWorksheet('Synpunkter')!.rowCount).toBe(4);
  });

  it('pages through more comments than fit in one page, in order, each once', async () => {
    const { consultation, leadOfficial, anna } = await dialogue();
    const topicId = consultation.topics[0]!.id;
    await db
      .insertInto('comments')
      .values(Array.from({ length: 1200 }, (_, i) => ({ consultation_id: consultation.id, topic_id: topicId, author_id: anna.id, body: `Rad ${i}`, state: 'published' as const })))
      .execute();
    const { records } = await csvRecords(await (await loggedIn(leadOfficial)).get(exportPath(consultation.slug, 'format=csv')));
    const ids = records.map((r) => Number(r.Id));
    expect(ids).toHaveLength(1203);
    expect(new Set(ids).size).toBe(1203);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});

async function xlsxText(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join('\n');
}

describe('streaming', () => {
  it('asks for the next page only when the reader has taken the previous one, and stops when the reader leaves', async () => {
    const { pullStream } = await import('../server/export/stream.js');
    let pulled = 0;
    let finished = false;
    async function* pages() {
      try {
        for (;;) {
          pulled += 1;
          yield `sida ${pulled}\n`;
        }
      } finally {
        finished = true;
      }
    }
    const reader = pullStream(pages(), () => {}).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('sida 1\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
