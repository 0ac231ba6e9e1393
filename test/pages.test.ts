import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../db/seed/demo.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeConsultation } from './factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
});
afterAll(() => server.close());

describe('the start page', () => {
  it('lists the open consultations, then the closed ones, never drafts', async () => {
    const draft = await makeConsultation(server.database.db, { status: 'draft', title: 'Hemligt utkast' });
    const response = await new Client(server.url).get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Pågående samråd');
    expect(html).toContain('Gemensam räddningstjänst för Arboga, Köping och Kungsör');
    expect(html).toContain('Ny skolorganisation för årskurs F–6 i Köping');
    expect(html.indexOf('Avslutade samråd')).toBeLessThan(html.indexOf('Bibliotekets öppettider i Kungsör'));
    expect(html).not.toContain(draft.title);
  });

  it('speaks English after the language switch', async () => {
    const client = new Client(server.url);
    const switched = await client.form('/language', { lang: 'en', redirectTo: '/' });
    expect(switched.status).toBe(302);
    const cookie = switched.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await fetch(new URL('/', server.url), { headers: { cookie } })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Open consultations');
  });
});

describe('the consultation page', () => {
  it('shows the background, who decides, the organizations and the topics', async () => {
    const html = await (await new Client(server.url).get('/consultations/raddningstjanst-vastra-malardalen')).text();
    for (const text of ['Bakgrund', 'Det här kan du påverka', 'Det här är redan beslutat', 'Kommunfullmäktige i Arboga, Köping och Kungsör',
      'Arboga kommun', 'Köpings kommun', 'Kungsörs kommun', 'Stationer och insatstider', 'Frivilliga och räddningsvärn']) {
      expect(html).toContain(text);
    }
  });

  it('answers an unknown or draft consultation with a 404 page', async () => {
    const draft = await makeConsultation(server.database.db, { status: 'draft' });
    for (const path of ['/consultations/finns-inte', `/consultations/${draft.slug}`, '/no/such/page']) {
      const response = await new Client(server.url).get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Sidan finns inte');
    }
  });
});

describe('reading consultations over the API', () => {
  it('lists consultations with filters by status and organization', async () => {
    const all = await json(await new Client(server.url).get('/api/v1/consultations'));
    expect(all.consultations.map((c: { slug: string }) => c.slug)).toEqual(
      expect.arrayContaining(['raddningstjanst-vastra-malardalen', 'skolorganisation-koping', 'bibliotekets-oppettider-kungsor']),
    );
    const closed = await json(await new Client(server.url).get('/api/v1/consultations?status=closed'));
    expect(closed.consultations.map((c: { slug: string }) => c.slug)).toEqual(['bibliotekets-oppettider-kungsor']);
    const koping = await json(await new Client(server.url).get('/api/v1/consultations?organization=koping&status=open'));
    expect(koping.consultations.map((c: { slug: string }) => c.slug).sort()).toEqual(['raddningstjanst-vastra-malardalen', 'skolorganisation-koping']);
  });

  it('gives one consultation with its topics, organizations and counts', async () => {
    const { consultation } = await json(await new Client(server.url).get('/api/v1/consultations/raddningstjanst-vastra-malardalen'));
    expect(consultation).toMatchObject({
      slug: 'raddningstjanst-vastra-malardalen',
      status: 'open',
      moderationMode: 'post',
      topics: [{ title: 'Stationer och insatstider' }, { title: 'Förebyggande arbete och information' }, { title: 'Frivilliga och räddningsvärn' }],
      counts: { comments: expect.any(Number) },
    });
    expect(consultation.topics[0]).toEqual(expect.objectContaining({ id: expect.any(Number), title: expect.any(String) }));
    expect(consultation.organizations.map((o: { slug: string; isLead: boolean }) => [o.slug, o.isLead])).toContainEqual(['koping', true]);
    expect(consultation).toHaveProperty('polls');
    expect(consultation).toHaveProperty('keyFigures');
  });

  it('refuses an unknown filter value and an unknown slug with the contract error', async () => {
    const bad = await new Client(server.url).get('/api/v1/consultations?status=everything');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: 'invalid_input', fields: { status: expect.any(String) } });
    const missing = await new Client(server.url).get('/api/v1/consultations/finns-inte');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('not_found');
  });
});
