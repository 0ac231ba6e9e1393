import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../db/index.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../db/seed/demo.js';
import { CommandError, runCommand } from '../server/cli/commands.js';
import { Client, json } from './support/client.js';
import { createTestDatabase } from './support/db.js';
import { freePort, spawnServer, type ServerProcess } from './support/server-process.js';

const run = promisify(execFile);

describe('cli commands', () => {
  let database: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('reports a migrated database as up to date', async () => {
    expect(await runCommand(database.db, ['migrate'])).toBe('The database is up to date.');
  });

  it('seeds the demo once: three municipalities, three consultations, the demo people', async () => {
    expect(await runCommand(database.db, ['seed', 'demo'])).toBe('Demo data added.');
    expect(await runCommand(database.db, ['seed', 'demo'])).toBe('Demo data was already there; nothing changed.');
    const organizations = await database.db.selectFrom('organizations').select(['slug', 'kolada_id']).orderBy('slug').execute();
    expect(organizations).toEqual([
      { slug: 'arboga', kolada_id: '1984' },
      { slug: 'koping', kolada_id: '1983' },
      { slug: 'kungsor', kolada_id: '1960' },
    ]);
    const consultations = await database.db.selectFrom('consultations').select(['slug', 'status', 'moderation_mode']).orderBy('id').execute();
    expect(consultations).toEqual([
      { slug: 'raddningstjanst-vastra-malardalen', status: 'open', moderation_mode: 'post' },
      { slug: 'skolorganisation-koping', status: 'open', moderation_mode: 'pre' },
      { slug: 'bibliotekets-oppettider-kungsor', status: 'closed', moderation_mode: 'post' },
    ]);
    const joint = await database.db
      .selectFrom('consultation_organizations')
      .innerJoin('consultations', 'consultations.id', 'consultation_organizations.consultation_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultations.slug', '=', 'raddningstjanst-vastra-malardalen')
      .executeTakeFirstOrThrow();
    expect(Number(joint.n)).toBe(3);
    const closedComments = await database.db
      .selectFrom('comments')
      .innerJoin('consultations', 'consultations.id', 'comments.consultation_id')
      .select('comments.id')
      .where('consultations.slug', '=', 'bibliotekets-oppettider-kungsor')
      .execute();
    expect(closedComments.length).toBeGreaterThan(0);
    const people = await database.db.selectFrom('users').select('email').execute();
    expect(people.map((p) => p.email)).toEqual(expect.arrayContaining(Object.values(DEMO_USERS).map((u) => u.email)));
  });

  it('adds a user with a role in an organization', async () => {
    await runCommand(database.db, ['seed', 'demo']);
    const output = await runCommand(database.db, ['user', 'add', '--email', 'ny@koping.example', '--password', 'langt-losenord', '--role', 'moderator', '--org', 'koping']);
    expect(output).toMatch(/^Added ny@koping.example as moderator of koping/);
    const membership = await database.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('role')
      .where('users.email', '=', 'ny@koping.example')
      .executeTakeFirst();
    expect(membership).toEqual({ role: 'moderator' });
  });

  it('explains what is wrong with a call, and writes nothing', async () => {
    await expect(runCommand(database.db, [])).rejects.toThrow(/Usage/);
    await expect(runCommand(database.db, ['fly'])).rejects.toThrow(CommandError);
    await expect(runCommand(database.db, ['user', 'add', '--email', 'x'])).rejects.toThrow(/--email must be an e-mail address/);
    await expect(runCommand(database.db, ['user', 'add', '--email', 'a@b.se', '--password', 'langt-losenord', '--role', 'king', '--org', 'arboga'])).rejects.toThrow(/--role/);
    await expect(runCommand(database.db, ['user', 'add', '--email', 'nobody@b.se', '--password', 'langt-losenord', '--role', 'official', '--org', 'atlantis'])).rejects.toThrow(/atlantis/);
    expect(await database.db.selectFrom('users').select('id').where('email', '=', 'nobody@b.se').executeTakeFirst()).toBeUndefined();
  });
});

// The embedded database belongs to one process: these run the real server
// and the real CLI as separate processes on one data directory.
describe('the embedded database shared by server and CLI', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  const baseEnv = () => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    SAMRAD_BUILD_DIR: inject('buildDir'),
    RATE_LIMITS: 'off',
  });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'samrad-cli-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string> = {}) => spawnServer({ ...baseEnv(), ...env });
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { env: baseEnv() });

  it('adds a user through the running server, who can log in at once; a restart in production mode keeps the data', async () => {
    const first = await start();
    server = first;
    expect(first.output()).toContain(DEMO_USERS.official.email);

    const { stdout } = await cli('user', 'add', '--email', 'live@arboga.example', '--password', 'langt-losenord', '--role', 'official', '--org', 'arboga');
    expect(stdout).toMatch(/Added live@arboga.example as official of arboga .*run by the server/);
    const login = await new Client(first.url).post('/api/v1/auth/login', { email: 'live@arboga.example', password: 'langt-losenord' });
    expect(login.status).toBe(200);
    expect((await json(login)).user.memberships[0].role).toBe('official');

    await expect(cli('user', 'add', '--email', 'live@arboga.example', '--password', 'langt-losenord')).rejects.toMatchObject({
      stderr: expect.stringContaining('Det finns redan ett konto'),
    });

    expect(await first.stop()).toBe(0);
    const second = await start({ NODE_ENV: 'production' });
    server = second;
    const again = await new Client(second.url).post('/api/v1/auth/login', { email: 'live@arboga.example', password: 'langt-losenord' });
    expect(again.status).toBe(200);
    const demo = await new Client(second.url).post('/api/v1/auth/login', { email: DEMO_USERS.citizen.email, password: DEMO_PASSWORD });
    expect(demo.status).toBe(200);
    const list = await json(await new Client(second.url).get('/api/v1/consultations'));
    expect(list.consultations).toHaveLength(3);
  });

  it('refuses a second server on the same data directory with a clear message', async () => {
    server ??= await start();
    const port = await freePort();
    const second = await run(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env: { ...baseEnv(), PORT: String(port) } }).catch((e) => e);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is in use by another Samråd process');
  });

  it('opens the data directory itself when no server runs', async () => {
    await server?.stop();
    server = undefined;
    const { stdout } = await cli('user', 'add', '--email', 'offline@kungsor.example', '--password', 'langt-losenord');
    expect(stdout).toMatch(/^Added offline@kungsor.example/);
    expect(stdout).not.toContain('run by the server');
    expect((await cli('migrate')).stdout).toContain('up to date');
  });

  it('ends with exit code 2 and the usage on a mistaken call', async () => {
    for (let i = 0; i < 3; i++) {
      const failed = await cli('fly').catch((error) => error);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('Unknown command "fly"');
    }
  });
});
