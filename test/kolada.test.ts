import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError, runCommand } from '../server/cli/commands.js';
import { withAbsolutePaths } from '../server/cli/kolada.js';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeConsultation, makeOrganization } from './factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const db = () => server.database.db;
const SNAPSHOT = path.resolve('db/seed/kolada-demo-data.json');
const KPIS = path.resolve('db/seed/kolada-demo-kpi.json');
const snapshot = () => JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
const scratch = mkdtempSync(path.join(tmpdir(), 'samrad-kolada-'));

function writeJson(name: string, content: unknown) {
  const file = path.join(scratch, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function figures(consultationId: number) {
  return db()
    .selectFrom('key_figures')
    .select(['kpi_id', 'municipality', 'year', 'gender', 'value', 'label', 'unit', 'source', 'is_example', 'retrieved_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('kpi_id')
    .orderBy('municipality')
    .orderBy('year')
    .orderBy('gender')
    .execute();
}

async function municipalities() {
  const arboga = await makeOrganization(db(), { name: 'Arboga kommun' });
  const koping = await makeOrganization(db(), { name: 'Köpings kommun' });
  await db().updateTable('organizations').set({ kolada_id: '1984' }).where('id', '=', arboga.id).execute();
  await db().updateTable('organizations').set({ kolada_id: '1983' }).where('id', '=', koping.id).execute();
  return [arboga, koping];
}

describe('kolada import from a file', () => {
  it('reads the shipped snapshot in the API’s shape, with KPI titles, the gender split and the retrieval date', async () => {
    const consultation = await makeConsultation(db());
    const output = await runCommand(db(), [
      'kolada', 'import', '--consultation', consultation.slug, '--file', SNAPSHOT, '--kpi-file', KPIS, '--example', '--retrieved', '2026-10-01',
    ]);
    expect(output).toMatch(/Imported 24 key figures/);
    const rows = await figures(consultation.id);
    const values = snapshot().values as Array<{ values: unknown[] }>;
    expect(rows).toHaveLength(values.reduce((n, point) => n + point.values.length, 0));
    expect(rows.filter((r) => r.kpi_id === 'N01951' && r.municipality === '1984' && r.year === 2024)).toEqual([
      expect.objectContaining({ gender: 'K', value: 6889, label: 'Invånare totalt, antal', unit: 'antal' }),
      expect.objectContaining({ gender: 'M', value: 7015 }),
      expect.objectContaining({ gender: 'T', value: 13904 }),
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ source: 'Kolada (RKA)', is_example: true });
      expect(row.retrieved_at.toISOString().slice(0, 10)).toBe('2026-10-01');
    }
  });

  it('replaces figures on a second import instead of adding rows', async () => {
    const consultation = await makeConsultation(db());
    const args = ['kolada', 'import', '--consultation', consultation.slug, '--file', SNAPSHOT];
    await runCommand(db(), args);
    const changed = snapshot();
    changed.values[0].values[2].value = 14_000;
    await runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--file', writeJson('changed.json', changed)]);
    const rows = await figures(consultation.id);
    expect(rows).toHaveLength(24);
    expect(rows.find((r) => r.kpi_id === 'N01951' && r.municipality === '1984' && r.year === 2023 && r.gender === 'T')?.value).toBe(14_000);
    expect(rows.every((r) => r.label !== '')).toBe(true);
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['a file that is not JSON', '{"values": [', /inte giltig JSON/],
    ['a JSON array', [1, 2], /\(hela filen\)/],
    ['a data point with text for a value', 'text-value', /values\.5\.values\.0\.value/],
    ['a data point without a municipality', 'no-municipality', /values\.3\.municipality/],
    ['an unknown gender', 'bad-gender', /values\.2\.values\.0\.gender/],
    ['the same value twice', 'duplicate', /två gånger/],
  ];
  for (const [name, content, message] of malformed) {
    it(`rejects ${name} with a clear message and writes nothing`, async () => {
      const consultation = await makeConsultation(db());
      await runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--file', SNAPSHOT]);
      const before = await figures(consultation.id);

      let data = content;
      if (typeof content === 'string' && !content.startsWith('{')) {
        const broken = snapshot();
        broken.values[0].values[0].value = 1;
        if (content === 'text-value') broken.values[5].values[0].value = '12,3';
        if (content === 'no-municipality') delete broken.values[3].municipality;
        if (content === 'bad-gender') broken.values[2].values[0].gender = 'X';
        if (content === 'duplicate') broken.values.push(broken.values[1]);
        data = broken;
      }
      const file = writeJson(`${name.replace(/\W+/g, '-')}.json`, data);
      const attempt = runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--file', file]);
      await expect(attempt).rejects.toBeInstanceOf(CommandError);
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.toThrow(/Nothing was imported/);
      expect(await figures(consultation.id)).toEqual(before);
    });
  }

  it('names a missing file, a missing consultation and a missing --consultation', async () => {
    const consultation = await makeConsultation(db());
    await expect(runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--file', '/finns/inte.json'])).rejects.toThrow(
      /Cannot read \/finns\/inte\.json: ENOENT/,
    );
    await expect(runCommand(db(), ['kolada', 'import', '--consultation', 'finns-inte', '--file', SNAPSHOT])).rejects.toThrow(/finns-inte finns inte/);
    await expect(runCommand(db(), ['kolada', 'import', '--file', SNAPSHOT])).rejects.toThrow(/--consultation is required/);
    await expect(runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug])).rejects.toThrow(/either --file or --url/);
  });

  it('makes file paths absolute before a command is sent to the running server', () => {
    expect(withAbsolutePaths(['kolada', 'import', '--file', 'data.json', '--kpi-file=kpi.json', '--consultation', 'x'], '/home/maria')).toEqual([
      'kolada', 'import', '--file', '/home/maria/data.json', '--kpi-file=/home/maria/kpi.json', '--consultation', 'x',
    ]);
  });
});

describe('kolada import from the API', () => {
  it('builds the data URL, follows the next page and takes titles from the KPI metadata', async () => {
    const requests: string[] = [];
    const all = snapshot().values as unknown[];
    const kolada = http.createServer((req, res) => {
      requests.push(req.url!);
      const base = `http://127.0.0.1:${(kolada.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/v3/data/')) {
        const second = req.url!.includes('page=2');
        res.end(JSON.stringify({ values: second ? all.slice(6) : all.slice(0, 6), count: 6, next_url: second ? null : `${base}${req.url}?page=2` }));
      } else {
        res.end(readFileSync(KPIS));
      }
    });
    await new Promise<void>((resolve) => kolada.listen(0, '127.0.0.1', resolve));
    try {
      const consultation = await makeConsultation(db());
      const api = `http://127.0.0.1:${(kolada.address() as AddressInfo).port}/v3`;
      const output = await runCommand(db(), [
        'kolada', 'import', '--consultation', consultation.slug, '--url', '--kpi', 'N01951,N00901', '--municipality', '1984,1983,1960', '--year', '2023,2024', '--api', api,
      ]);
      expect(output).toMatch(/Imported 24 key figures/);
      expect(requests).toEqual([
        '/v3/data/kpi/N01951,N00901/municipality/1984,1983,1960/year/2023,2024',
        '/v3/data/kpi/N01951,N00901/municipality/1984,1983,1960/year/2023,2024?page=2',
        '/v3/kpi/N01951,N00901',
      ]);
      const rows = await figures(consultation.id);
      expect(rows).toHaveLength(24);
      expect(rows.every((r) => !r.is_example)).toBe(true);
      expect(rows.find((r) => r.kpi_id === 'N00901')?.label).toBe('Skattesats till kommun (%)');
    } finally {
      await new Promise((resolve) => kolada.close(resolve));
    }
  });

  it('refuses malformed ids before asking anyone', async () => {
    const consultation = await makeConsultation(db());
    await expect(
      runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--url', '--kpi', 'befolkning', '--municipality', '1984']),
    ).rejects.toThrow(/--kpi: "befolkning" is not a valid id/);
  });
});

describe('key figures on the consultation', () => {
  it('are part of the consultation’s JSON and shown per municipality, labelled as illustrative', async () => {
    const [arboga, koping] = await municipalities();
    const consultation = await makeConsultation(db(), { organizationIds: [arboga!.id, koping!.id] });
    await runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--file', SNAPSHOT, '--kpi-file', KPIS, '--example']);

    const { consultation: body } = await json(await new Client(server.url).get(`/api/v1/consultations/${consultation.slug}`));
    expect(body.keyFigures).toContainEqual(
      expect.objectContaining({
        kpiId: 'N00901',
        label: 'Skattesats till kommun (%)',
        municipality: '1984',
        municipalityName: 'Arboga kommun',
        year: 2024,
        gender: 'T',
        value: 22.22,
        source: 'Kolada (RKA)',
        isExample: true,
      }),
    );

    const page = await (await new Client(server.url).get(`/consultations/${consultation.slug}`)).text();
    expect(page).toContain('<caption');
    expect(page).toContain('Arboga kommun');
    expect(page).toContain('Köpings kommun');
    expect(page).toContain('Invånare totalt, antal');
    expect(page).toMatch(/exempelvärden/i);
    expect(page).toContain('Kolada (RKA)');
  });

  it('are not labelled illustrative when they came from Kolada', async () => {
    const [arboga] = await municipalities();
    const consultation = await makeConsultation(db(), { organizationIds: [arboga!.id] });
    await runCommand(db(), ['kolada', 'import', '--consultation', consultation.slug, '--file', SNAPSHOT, '--kpi-file', KPIS]);
    const page = await (await new Client(server.url).get(`/consultations/${consultation.slug}`)).text();
    expect(page).toContain('Invånare totalt, antal');
    expect(page).not.toMatch(/exempelvärden/i);
  });
});
